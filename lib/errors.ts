/**
 * The one application error. Use cases throw it with a code; entry points map the code
 * to an HTTP status in one place (toHttpStatus / errorResponse).
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function toHttpStatus(error: unknown): number {
  return error instanceof AppError ? error.status : 500;
}

/** JSON body for an error: AppError messages are meant for users; anything else is hidden. */
export function errorBody(error: unknown): { error: { code: ErrorCode; message: string; details?: unknown } } {
  if (error instanceof AppError) {
    return { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  }
  return { error: { code: "INTERNAL", message: "Something went wrong on our side." } };
}

export function errorResponse(error: unknown, init?: ResponseInit): Response {
  if (!(error instanceof AppError)) console.error(error);
  return Response.json(errorBody(error), { ...init, status: toHttpStatus(error) });
}
