import { ZodError } from "zod";
import { AppError, errorResponse } from "../errors";
import { SnapshotUnavailableError } from "./snapshot-store";
import { PUBLIC_CACHE_CONTROL } from "./response-cache";

/** Headers of every public machine answer: open CORS for reads, CDN-cacheable. */
export const publicApiHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
  "Cache-Control": PUBLIC_CACHE_CONTROL,
} as const;

export function publicJson(body: unknown): Response {
  return Response.json(body, { headers: publicApiHeaders });
}

export function publicOptions(): Response {
  return new Response(null, { status: 204, headers: publicApiHeaders });
}

/** The one error mapping of the public API: zod -> 400 naming the field, no data -> 503. */
export function publicError(error: unknown): Response {
  const headers = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || "query";
    return errorResponse(new AppError("VALIDATION", `Invalid query parameter "${field}": ${issue?.message ?? "invalid"}`, { field }), { headers });
  }
  if (error instanceof SnapshotUnavailableError) {
    return errorResponse(new AppError("UNAVAILABLE", "Status data is not available yet; try again shortly."), { headers: { ...headers, "Retry-After": "5" } });
  }
  return errorResponse(error, { headers });
}
