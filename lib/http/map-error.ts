import { ZodError } from "zod";
import { AppError, type ErrorCode } from "../errors";

/**
 * The one error mapper of the boundary: whatever a use case throws becomes an AppError
 * here, and every answer (JSON, a form's state, an HTML page) is rendered from that.
 *
 * - AppError: as thrown; its message is written for the person asking.
 * - ZodError (input that escaped the boundary's own parse, or a use case's): VALIDATION
 *   (400) naming the fields.
 * - Known Prisma errors: unique constraint -> CONFLICT, record missing -> NOT_FOUND,
 *   foreign key -> CONFLICT, value too long -> VALIDATION, write conflict -> CONFLICT
 *   (try again); a database that does not answer -> UNAVAILABLE (503).
 * - Anything else: INTERNAL (500), logged with its stack on the server, and the answer
 *   says nothing about it (no message, no SQL, no stack).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error);
  const known = knownDatabaseError(error);
  if (known) {
    // Not the caller's doing when the database is away: keep the detail in the log.
    if (known.code === "UNAVAILABLE") console.error("database unavailable:", describe(error));
    return known;
  }
  console.error(error);
  return new AppError("INTERNAL", "Something went wrong on our side.");
}

/** Field path -> first message ("form" for the object itself). */
export function zodFieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** VALIDATION with `details.fields` (every field's first message) and `details.field` (the first). */
export function validationError(error: ZodError, what = "input"): AppError {
  const fields = zodFieldErrors(error);
  const [field, message] = Object.entries(fields)[0] ?? ["form", "invalid"];
  const text = field === "form" ? `Invalid ${what}: ${message}` : `Invalid ${what} "${field}": ${message}`;
  return new AppError("VALIDATION", text, { field, fields });
}

/** The per-field messages of a VALIDATION error, for a form to show beside its fields. */
export function fieldErrorsOf(error: AppError): Record<string, string> | undefined {
  if (error.code !== "VALIDATION") return undefined;
  const details = error.details as { fields?: Record<string, string>; field?: string } | undefined;
  if (details?.fields) return details.fields;
  if (details?.field) return { [details.field]: error.message };
  return undefined;
}

/** Seconds a client should wait (RATE_LIMITED, UNAVAILABLE), when the error says. */
export function retryAfterSeconds(error: AppError): number | undefined {
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === "number" && seconds > 0 ? Math.ceil(seconds) : undefined;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
}

/** The JSON answer for any error: `{ error: { code, message, details? } }`, its status, Retry-After when known. */
export function errorJson(error: unknown, headers: Record<string, string> = {}): Response {
  const appError = toAppError(error);
  const retry = retryAfterSeconds(appError);
  return Response.json(errorBody(appError), {
    status: appError.status,
    headers: { "Cache-Control": "no-store", ...headers, ...(retry ? { "Retry-After": String(retry) } : {}) },
  });
}

const prismaCodes: Record<string, { code: ErrorCode; message: string }> = {
  P2000: { code: "VALIDATION", message: "A value is longer than this field allows." },
  P2002: { code: "CONFLICT", message: "That already exists." },
  P2003: { code: "CONFLICT", message: "That refers to something that does not exist, or is still in use." },
  P2025: { code: "NOT_FOUND", message: "Not found." },
  P2034: { code: "CONFLICT", message: "Someone else changed this at the same moment. Please try again." },
};

/**
 * Network errors and PostgreSQL's "server going away" states: the database is unavailable
 * (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 53300 too many
 * connections, 08xxx connection exceptions; Prisma's P1001/P1002/P1017).
 */
const unavailableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "EPIPE", "57P01", "57P02", "57P03", "53300", "P1001", "P1002", "P1017"]);
/** node-postgres names a connection that died under a query only in its message (no code). */
const unavailableMessages =
  /Connection terminated unexpectedly|Connection terminated due to connection timeout|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)/;

function knownDatabaseError(error: unknown): AppError | null {
  if (!error || typeof error !== "object") return null;
  const e = error as { name?: unknown; code?: unknown; meta?: { target?: unknown }; cause?: unknown };
  // By name, not instanceof: Next may load the generated client in more than one bundle.
  if (e.name === "PrismaClientKnownRequestError" && typeof e.code === "string") {
    const mapped = prismaCodes[e.code];
    if (mapped) {
      const target = Array.isArray(e.meta?.target) ? { fields: e.meta.target.map(String) } : undefined;
      return new AppError(mapped.code, mapped.message, e.code === "P2002" ? target : undefined);
    }
  }
  if (isUnavailable(e)) {
    return new AppError("UNAVAILABLE", "The service is not available right now. Please try again shortly.", { retryAfterSeconds: 5 });
  }
  return null;
}

function isUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const e = error as { code?: unknown; originalCode?: unknown; message?: unknown; errors?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  for (const code of [e.code, e.originalCode]) {
    if (typeof code === "string" && (unavailableCodes.has(code) || code.startsWith("08"))) return true;
  }
  if (typeof e.message === "string" && unavailableMessages.test(e.message)) return true;
  // AggregateError of every address tried (node's happy-eyeballs connect).
  if (Array.isArray(e.errors) && e.errors.some((inner) => isUnavailable(inner, depth + 1))) return true;
  // Prisma's driver adapter wraps the pg error: { cause: { kind, code | originalCode, message } }.
  return isUnavailable(e.cause, depth + 1) || isUnavailable(e.meta?.driverAdapterError, depth + 1);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
