import { AppError } from "../errors";

/**
 * Reads a small form body for the public route handlers, with limits that hold before
 * any parsing: oversized -> PAYLOAD_TOO_LARGE (413), not UTF-8 text or an unknown
 * content type -> BAD_REQUEST (400). Accepts urlencoded and multipart forms (RFC 8058
 * one-click POSTs may be either) and JSON objects of strings.
 */
export const defaultFormBodyLimit = 8 * 1024;

export async function readFormBody(request: Request, maxBytes: number = defaultFormBodyLimit): Promise<Record<string, string>> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const bytes = await readAtMost(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not text.");
  }
  if (text.includes("\u0000")) throw new AppError("BAD_REQUEST", "The request body is not text.");

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
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new AppError("BAD_REQUEST", "Expected a JSON object.");
    }
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value === "string") fields[name] = value;
      else if (value !== null && value !== undefined) throw new AppError("BAD_REQUEST", `Field ${name} must be a string.`);
    }
    return fields;
  }
  throw new AppError("BAD_REQUEST", "Send the form as application/x-www-form-urlencoded, multipart/form-data or JSON.");
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
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
      throw tooLarge(maxBytes);
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
