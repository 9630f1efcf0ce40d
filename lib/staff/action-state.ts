import { unstable_rethrow } from "next/navigation";
import { ZodError } from "zod";
import { AppError, type ErrorCode } from "../errors";

/**
 * What a staff server action returns to its form (useActionState). Errors are mapped
 * here, once: AppError keeps its code and details (a CONFLICT carries both versions),
 * a ZodError becomes field messages, anything else is logged and hidden.
 */
export type ActionState<T = unknown> =
  | { status: "idle" }
  | { status: "ok"; message: string; data?: T }
  | { status: "error"; code: ErrorCode; message: string; details?: unknown; fieldErrors?: Record<string, string> };

export const idle: ActionState = { status: "idle" };

export async function runAction<T>(message: string, fn: () => Promise<T>): Promise<ActionState<T>> {
  try {
    const data = await fn();
    return { status: "ok", message, data };
  } catch (error) {
    // redirect() and notFound() travel as exceptions: let Next have them.
    unstable_rethrow(error);
    return toErrorState(error);
  }
}

export function toErrorState(error: unknown): ActionState<never> {
  if (error instanceof AppError) {
    return { status: "error", code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  }
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = issue.path.join(".") || "form";
      fieldErrors[key] ??= issue.message;
    }
    const first = error.issues[0];
    return {
      status: "error",
      code: "VALIDATION",
      message: first ? `${first.path.join(".") || "input"}: ${first.message}` : "Invalid input.",
      fieldErrors,
    };
  }
  console.error(error);
  return { status: "error", code: "INTERNAL", message: "Something went wrong on our side." };
}

/** FormData -> plain object for zod (checkboxes: "on" -> true). */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("$ACTION")) out[key] = value;
  return out;
}
