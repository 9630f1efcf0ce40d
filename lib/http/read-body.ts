import { AppError } from "../errors";

/**
 * Body readers with a byte limit that holds before any parsing: a declared
 * Content-Length over the limit is refused unread, and a chunked body is read only up
 * to the limit, then the rest is cancelled (413, PAYLOAD_TOO_LARGE). Files go through
 * read-upload.ts instead, which streams them to disk.
 */
export const defaultFormBodyLimit = 8 * 1024;

export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`, { limitBytes: maxBytes });
}

/** The whole body as bytes, at most maxBytes of it. */
export async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A JSON body (any JSON value; the route's schema says what it must be). */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const text = decodeText(await readBytes(request, maxBytes));
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
}

/**
 * A small form: urlencoded or multipart (RFC 8058 one-click POSTs may be either), or a
 * JSON object of strings. Field values only; a file part is refused.
 */
export async function readFormBody(request: Request, maxBytes: number = defaultFormBodyLimit): Promise<Record<string, string>> {
  const bytes = await readBytes(request, maxBytes);
  const text = decodeText(bytes);
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("application/x-www-form-urlencoded") || (contentType === "" && bytes.length === 0)) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (contentType.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new AppError("BAD_REQUEST", "The form could not be read.");
    }
    const fields: Record<string, string> = {};
    for (const [name, value] of form.entries()) {
      if (typeof value !== "string") throw new AppError("BAD_REQUEST", "Files are not accepted here.");
      fields[name] = value;
    }
    return fields;
  }
  if (contentType.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new AppError("BAD_REQUEST", "Expected a JSON object.");
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value === "string") fields[name] = value;
      else if (value !== null && value !== undefined) throw new AppError("BAD_REQUEST", `Field ${name} must be a string.`);
    }
    return fields;
  }
  throw new AppError("BAD_REQUEST", "Send the form as application/x-www-form-urlencoded, multipart/form-data or JSON.");
}

/** UTF-8 text without NUL bytes, or BAD_REQUEST. */
function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not text.");
  }
  if (text.includes("\u0000")) throw new AppError("BAD_REQUEST", "The request body is not text.");
  return text;
}
