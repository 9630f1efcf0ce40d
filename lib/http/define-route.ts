import { z } from "zod";
import type { Actor } from "../audit/record-audit";
import { verifyApiKey, type ApiKeyScope } from "../auth/api-keys";
import type { Permission } from "../auth/permissions";
import type { Principal, StaffMember } from "../auth/principal";
import { requireStaffPrincipal } from "../auth/require-staff";
import { database, driverSql } from "../db";
import { AppError } from "../errors";
import { clientIp } from "./client-ip";
import { errorJson, toAppError, validationError } from "./map-error";
import { assertSameOrigin } from "./origin";
import { defaultFormBodyLimit, readFormBody, readJson } from "./read-body";
import { readUpload, type Upload } from "./read-upload";
import { privateHeaders } from "./responses";

/**
 * Route handlers, one shape for all (docs/decisions/015-boundary-layer.md):
 *
 *   export const POST = defineRoute({
 *     who: { apiKey: "restores:write" },
 *     body: { json: restoreBatchSchema, maxBytes: 8 * 1024 * 1024 },
 *     response: restoreBatchResultSchema,
 *     handle: async ({ body, caller }) => applyRestoreBatch(await database(), caller.actor, body),
 *   });
 *
 * 1. who may call: `"public"`; `{ staff: permission }` (session cookie: requireStaff, and
 *    a write from another Origin is refused, 403); `{ apiKey: scope }` (Bearer key);
 *    `{ token: "param" }` (a credential in the path that the use case checks; every
 *    answer gets the private headers: no-store, noindex, no-referrer);
 * 2. parse: path params, query and body through their zod schemas; the body is read
 *    under a byte limit (JSON, a small form, or a streamed upload);
 * 3. the use case, in `handle`; what it returns is sent as JSON (`status`, default 200),
 *    unless it is a Response already;
 * 4. errors mapped once (map-error.ts): JSON `{ error: { code, message, details } }`, or
 *    the route's own `errors` renderer (an HTML page, a redirect back to a form).
 *
 * The spec stays on the handler (`GET.spec`): params, query, body and response schemas
 * in one place, from which the OpenAPI document is generated.
 */
export type Who = "public" | { staff: Permission } | { apiKey: ApiKeyScope } | { token: string };

export type Caller<W extends Who> = W extends { staff: Permission }
  ? { kind: "staff"; ip: string | null; staff: StaffMember; principal: Principal; actor: Actor }
  : W extends { apiKey: ApiKeyScope }
    ? { kind: "apiKey"; ip: string | null; actor: Actor }
    : { kind: "public"; ip: string | null };

export type BodySpec =
  /** `parse` replaces the plain schema parse where a use case words its own errors. */
  | { json: z.ZodType; maxBytes: number; parse?: (raw: unknown) => unknown }
  /** urlencoded, multipart without files, or a JSON object of strings */
  | { form: z.ZodType; maxBytes?: number }
  /** a file, streamed (read-upload.ts); the limit is read per request, `hint` goes into its 413 */
  | { upload: { maxBytes: () => number; hint: string } };

type BodyOf<B> = B extends { json: infer S extends z.ZodType }
  ? z.output<S>
  : B extends { form: infer S extends z.ZodType }
    ? z.output<S>
    : B extends { upload: unknown }
      ? Upload & { maxBytes: number }
      : undefined;

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export interface RouteDocs {
  summary: string;
  description?: string;
  tags?: string[];
  operationId?: string;
}

export interface RouteSpec<
  W extends Who,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends BodySpec | undefined,
  R extends z.ZodType | undefined,
> {
  who: W;
  params?: P;
  query?: Q;
  body?: B;
  /** The success body, for the OpenAPI document and for typing what `handle` returns. */
  response?: R;
  /** Status of a success that `handle` answers with data (default 200). */
  status?: number;
  /** Headers on every answer of this route, success or error. */
  headers?: Record<string, string>;
  docs?: RouteDocs;
  handle: (context: RouteContext<W, P, Q, B>) => Promise<Response | (R extends z.ZodType ? z.input<R> : unknown)>;
  /** Renders an error for this route (a page, a redirect); undefined -> the JSON answer. */
  errors?: (error: AppError, context: ErrorContext) => Response | undefined | Promise<Response | undefined>;
}

export interface RouteContext<W extends Who, P, Q, B> {
  request: Request;
  caller: Caller<W>;
  params: Out<P>;
  query: Out<Q>;
  body: BodyOf<B>;
}

export interface ErrorContext {
  request: Request;
  /** The form's fields as sent, when the body was a form that could be read. */
  fields: Record<string, string>;
}

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type RouteHandler<S> = ((request: Request, context?: NextContext) => Promise<Response>) & { spec: S };

export function defineRoute<
  W extends Who,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends BodySpec | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<W, P, Q, B, R>): RouteHandler<RouteSpec<W, P, Q, B, R>> {
  const extraHeaders = { ...(isToken(spec.who) ? privateHeaders : {}), ...spec.headers };
  const handler = async (request: Request, next?: NextContext): Promise<Response> => {
    let fields: Record<string, string> = {};
    let upload: Upload | undefined;
    try {
      const caller = await authenticate(spec.who, request);
      const params = spec.params ? parse(spec.params, (await next?.params) ?? {}, "path parameter") : {};
      const query = spec.query ? parse(spec.query, Object.fromEntries(new URL(request.url).searchParams), "query parameter") : {};
      let body: unknown = undefined;
      if (spec.body && "json" in spec.body) {
        const raw = await readJson(request, spec.body.maxBytes);
        body = spec.body.parse ? spec.body.parse(raw) : parse(spec.body.json, raw, "body field");
      } else if (spec.body && "form" in spec.body) {
        fields = await readFormBody(request, spec.body.maxBytes ?? defaultFormBodyLimit);
        body = parse(spec.body.form, fields, "form field");
      } else if (spec.body && "upload" in spec.body) {
        const limit = spec.body.upload.maxBytes();
        upload = await readUpload(request, limit, spec.body.upload.hint);
        body = { ...upload, maxBytes: limit };
      }
      const result = await spec.handle({ request, caller, params, query, body } as RouteContext<W, P, Q, B>);
      if (result instanceof Response) return withHeaders(result, extraHeaders);
      return Response.json(result, { status: spec.status ?? 200, headers: { "Cache-Control": "no-store", ...extraHeaders } });
    } catch (error) {
      const appError = toAppError(error);
      const rendered = await spec.errors?.(appError, { request, fields });
      // An error is never cached, whatever the route's own headers say.
      return withHeaders(rendered ?? errorJson(appError), { ...extraHeaders, "Cache-Control": "no-store" });
    } finally {
      upload?.close();
    }
  };
  return Object.assign(handler, { spec });
}

function isToken(who: Who): who is { token: string } {
  return typeof who === "object" && "token" in who;
}

async function authenticate(who: Who, request: Request): Promise<Caller<Who>> {
  const ip = clientIp(request.headers);
  if (who === "public" || "token" in who) return { kind: "public", ip };
  if ("staff" in who) {
    // The session is a cookie, which a browser sends along with a forged request too.
    assertSameOrigin(request);
    const { staff, principal } = await requireStaffPrincipal(who.staff);
    return { kind: "staff", ip, staff, principal, actor: principal.actor };
  }
  // On the raw driver: one round trip, not two Prisma calls (api-keys.ts).
  const actor = await verifyApiKey(driverSql((await database()).driver), request.headers.get("authorization"), who.apiKey);
  return { kind: "apiKey", ip, actor: { ...actor, ip } };
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, what);
  return result.data;
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  const names = Object.keys(headers);
  if (names.length === 0) return response;
  try {
    for (const name of names) response.headers.set(name, headers[name]!);
    return response;
  } catch {
    // Response.redirect() and Response.error() have immutable headers: copy.
    const copy = new Response(response.body, response);
    for (const name of names) copy.headers.set(name, headers[name]!);
    return copy;
  }
}
