import { AppError } from "../errors";
import type { ImpactState } from "../generated/prisma/enums";

/**
 * The condition of a remedy rule, in words staff can write and read:
 *
 *   any unrecoverable or any partial below 50%
 *   photos unrecoverable or contacts partial below 50%
 *   any affected
 *
 * Parts joined by "or"; each part names a category key (or "any") and a state
 * (pending, restoring, restored, partial, unrecoverable) optionally "below N%" of its
 * items restored, or "affected" (any state but not_affected). An account qualifies when
 * one of its impacts in the incident meets one part, so the whole condition is one
 * predicate over impact rows: counted and exported set-based, never per account.
 * A condition that cannot be evaluated is refused when saved, naming the part.
 */
export type RemedyClause =
  | { categoryId: number | null; affected: true }
  | { categoryId: number | null; affected?: false; state: Exclude<ImpactState, "not_affected">; belowPercent: number | null };

const states = ["pending", "restoring", "restored", "partial", "unrecoverable"] as const;

export function parseRemedyCondition(text: string, categories: { id: number; key: string }[]): RemedyClause[] {
  const normalized = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (!normalized) throw refuse("Write a condition, for example: any unrecoverable or any partial below 50%.");
  const parts = normalized.split(/ or /);
  return parts.map((part, i) => {
    const where = `Part ${i + 1} ("${part}")`;
    const m = /^(\S+) (affected|pending|restoring|restored|partial|unrecoverable)(?: below (\d+(?:\.\d+)?)%)?$/.exec(part);
    if (!m) {
      const [first, second] = part.split(" ");
      if (second && !["affected", ...states].includes(second.replace(/below.*/, ""))) {
        throw refuse(`${where}: "${second}" is not a state (use affected, ${states.join(", ")}).`);
      }
      if (first && second) throw refuse(`${where}: write "<category or any> <state>" with an optional "below N%", e.g. "any partial below 50%".`);
      throw refuse(`${where}: write "<category or any> <state>", e.g. "photos unrecoverable".`);
    }
    const [, scope, state, below] = m as unknown as [string, string, string, string | undefined];
    let categoryId: number | null = null;
    if (scope !== "any") {
      const category = categories.find((c) => c.key === scope);
      if (!category) throw refuse(`${where}: no category "${scope}" in this incident (known: ${categories.map((c) => c.key).join(", ")}, or "any").`);
      categoryId = category.id;
    }
    if (state === "affected") {
      if (below) throw refuse(`${where}: "below N%" goes with a state, not with "affected".`);
      return { categoryId, affected: true as const };
    }
    const belowPercent = below === undefined ? null : Number(below);
    if (belowPercent !== null && (belowPercent <= 0 || belowPercent > 100)) throw refuse(`${where}: the percentage must be above 0 and at most 100.`);
    return { categoryId, state: state as (typeof states)[number], belowPercent };
  });
}

function refuse(message: string): AppError {
  return new AppError("VALIDATION", message, { fields: { condition: message } });
}

/**
 * The condition as an SQL predicate over impact rows aliased `im` (one incident's). Built
 * from parsed values only: integers, a known state name, a number.
 */
export function remedyPredicateSql(clauses: RemedyClause[], alias = "im"): string {
  if (clauses.length === 0) return "false";
  return `(${clauses
    .map((c) => {
      const parts: string[] = [];
      if (c.categoryId !== null) parts.push(`${alias}."category_id" = ${Math.trunc(c.categoryId)}`);
      if (c.affected) parts.push(`${alias}."state" <> 'not_affected'`);
      else {
        parts.push(`${alias}."state" = '${c.state}'`);
        if (c.belowPercent !== null) parts.push(`${alias}."items_restored"::numeric * 100 < ${Number(c.belowPercent)} * ${alias}."items_total"`);
      }
      return `(${parts.join(" AND ")})`;
    })
    .join(" OR ")})`;
}
