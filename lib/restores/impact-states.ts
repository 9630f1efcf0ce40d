import { z } from "zod";
import { ImpactState } from "../generated/prisma/enums";

/**
 * The names of recovery, defined once: the states one account's category moves through,
 * which of them are final (the customer is told once), what people read for each, and
 * the SQL fragments built from the same constants. The database enum "ImpactState" is
 * the schema's; everything else takes it from here.
 */
export const impactStates = Object.values(ImpactState) as [ImpactState, ...ImpactState[]];
export const impactStateSchema = z.enum(impactStates);

/** Reaching one of these tells the customer (once, coalesced): their data is back, or as back as it will be. */
export const terminalStates = ["restored", "partial", "unrecoverable"] as const satisfies readonly ImpactState[];
export type TerminalState = (typeof terminalStates)[number];
export const isTerminal = (state: ImpactState): state is TerminalState => (terminalStates as readonly string[]).includes(state);
/** Still under way: while any category is in one of these, the account's recovery is not complete. */
export const inProgressStates = ["pending", "restoring"] as const satisfies readonly ImpactState[];

/** States after which no item counts as restored (a move there resets items_restored to 0). */
export const nothingRestoredStates = ["pending", "restoring", "unrecoverable", "not_affected"] as const satisfies readonly ImpactState[];

/** What a customer reads (private account page). */
export const impactStateLabels: Record<ImpactState, string> = {
  pending: "Waiting",
  restoring: "Being restored",
  restored: "Restored",
  partial: "Partly restored",
  unrecoverable: "Could not be recovered",
  not_affected: "Not affected",
};

/** What staff read in the console: the state's own name, spaced. */
export function staffStateLabel(state: ImpactState | string | null): string {
  return state ? state.replace("_", " ") : "(none)";
}

/** `('restored', 'partial', 'unrecoverable')`: an SQL list of enum values (constants only, never input). */
export function sqlStateList(states: readonly ImpactState[]): string {
  return `(${states.map((s) => `'${s}'`).join(", ")})`;
}
