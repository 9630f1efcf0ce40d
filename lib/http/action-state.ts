import type { ErrorCode } from "../errors";

/**
 * What every server action returns to its form (useActionState; components/admin/
 * ActionForm.tsx shows it): a success message with the use case's result, or the
 * mapped error with its code, details (a CONFLICT carries both versions) and the
 * messages per field.
 */
export type ActionState<T = unknown> =
  | { status: "idle" }
  | { status: "ok"; message: string; data?: T }
  | { status: "error"; code: ErrorCode; message: string; details?: unknown; fieldErrors?: Record<string, string> };

export const idleState: ActionState = { status: "idle" };
