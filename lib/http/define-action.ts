import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireStaffPrincipal } from "../auth/require-staff";
import type { Permission } from "../auth/permissions";
import type { Principal, StaffMember } from "../auth/principal";
import { revalidatePublicPages } from "../public/revalidate";
import type { ActionState } from "./action-state";
import { formFields, type FormFields } from "./form-fields";
import { fieldErrorsOf, toAppError, validationError } from "./map-error";

/**
 * Server actions, one shape for all (docs/decisions/015-boundary-layer.md):
 *
 *   export const saveLetterAction = defineAction("letters:write", saveLetterSchema,
 *     ({ input, principal }) => saveLetter(await prisma(), principal, input),
 *     { success: "Draft saved.", revalidate: (saved) => [`/admin/letters/${saved.id}`] });
 *
 * 1. who may call: `requireStaff(permission)` (throws UNAUTHENTICATED / FORBIDDEN), or
 *    "public" where a credential in the form itself is checked by the use case;
 * 2. parse: the FormData as a plain object (form-fields.ts) through the zod schema; a
 *    failure is VALIDATION with a message per field, before any use case runs;
 * 3. the use case, with the checked input typed as the schema's input (the use case may
 *    parse it again: its own guard for the CLI and tests);
 * 4. revalidate the paths the result changed ("public" = the public snapshot and cache);
 * 5. one result shape (ActionState), or a redirect when the result names one.
 * Errors are mapped once (map-error.ts): the form shows the message, nothing leaks.
 */
export type Revalidation = string | { path: string; type: "layout" | "page" } | "public";

type Who = Permission | "public";

export type ActionContext<W extends Who> = W extends Permission
  ? { staff: StaffMember; principal: Principal; fields: FormFields }
  : { staff: null; principal: null; fields: FormFields };

export interface ActionOptions<T, I> {
  /** The message shown on success. */
  success: string | ((result: T, input: I) => string);
  revalidate?: (result: T, input: I) => Revalidation[];
  /** Where to send the browser after a success (a created draft's page). */
  redirect?: (result: T, input: I) => string | null;
  /** What the form receives as `data` (default: the use case's result). */
  data?: (result: T) => unknown;
}

export type FormAction<T = unknown> = (state: ActionState, form: FormData) => Promise<ActionState<T>>;

export function defineAction<W extends Who, S extends z.ZodType, T>(
  who: W,
  schema: S,
  run: (input: z.input<S>, context: ActionContext<W>) => Promise<T>,
  options: ActionOptions<T, z.input<S>>,
): FormAction<T> {
  return async (_state, form) => {
    let outcome: { result: T; input: z.input<S> };
    try {
      const context = await authenticate(who, form);
      const parsed = schema.safeParse(context.fields);
      if (!parsed.success) throw validationError(parsed.error);
      // safeParse accepted these fields, so they are a valid input of the schema.
      const input = context.fields as z.input<S>;
      outcome = { result: await run(input, context as ActionContext<W>), input };
    } catch (error) {
      // redirect() and notFound() inside a use case travel as exceptions: Next's, not ours.
      unstable_rethrow(error);
      return errorState(error);
    }
    const { result, input } = outcome;
    for (const target of options.revalidate?.(result, input) ?? []) {
      if (target === "public") revalidatePublicPages();
      else if (typeof target === "string") revalidatePath(target);
      else revalidatePath(target.path, target.type);
    }
    const next = options.redirect?.(result, input);
    if (next) redirect(next);
    const message = typeof options.success === "string" ? options.success : options.success(result, input);
    return { status: "ok", message, data: (options.data ? options.data(result) : result) as T };
  };
}

async function authenticate(who: Who, form: FormData): Promise<ActionContext<Who>> {
  const fields = formFields(form);
  if (who === "public") return { staff: null, principal: null, fields };
  const { staff, principal } = await requireStaffPrincipal(who);
  return { staff, principal, fields };
}

/** Any error as the form's state: the mapped AppError with its field messages. */
export function errorState(error: unknown): ActionState<never> {
  const appError = toAppError(error);
  const fieldErrors = fieldErrorsOf(appError);
  return {
    status: "error",
    code: appError.code,
    message: appError.message,
    ...(appError.details === undefined ? {} : { details: appError.details }),
    ...(fieldErrors ? { fieldErrors } : {}),
  };
}
