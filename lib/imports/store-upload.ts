import { createWriteStream, mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors";
import { formatBytes } from "./format-bytes";

/**
 * Uploaded CSV files (the accounts import, the bulk state change): the request is read
 * and the file streamed to disk under IMPORT_MAX_BYTES, never held whole in memory
 * beyond what the multipart parser holds. Over the limit: 413 naming it, and nothing
 * is kept.
 */
export type UploadBody = ReadableStream<Uint8Array> | Readable;

/** The 413 for a file over the limit. `hint` says what to do instead. */
export function uploadTooLarge(maxBytes: number, hint: string): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the upload limit of ${formatBytes(maxBytes)} (IMPORT_MAX_BYTES). ${hint}`, {
    limitBytes: maxBytes,
  });
}

export interface UploadRequest {
  fileName: string;
  body: UploadBody;
  /** The other fields of a multipart form; null when the CSV was the body. */
  form: FormData | null;
}

/**
 * Reads an upload request: multipart/form-data with a `file` field (the console's
 * forms), or the CSV itself as the body with ?name=file.csv (scripts). A declared size
 * over the limit is refused before anything is read.
 */
export async function readUploadRequest(request: Request, maxBytes: number, hint: string): Promise<UploadRequest> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  // Multipart framing adds a little; anything beyond that is refused before reading.
  if (declared > maxBytes + 64 * 1024) throw uploadTooLarge(maxBytes, hint);
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    const form = await request.formData();
    const file = form.get("file");
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) throw new AppError("VALIDATION", "Choose a CSV file to upload.");
    if (file.size > maxBytes) throw uploadTooLarge(maxBytes, hint);
    return { fileName: file.name, body: file.stream(), form };
  }
  if (!request.body) throw new AppError("VALIDATION", "Send the CSV file as the request body.");
  return { fileName: new URL(request.url).searchParams.get("name") ?? "upload.csv", body: request.body, form: null };
}

/** A file name fit to show and record: no directories, at most 200 characters. */
export function uploadFileName(name: string): string {
  return path.basename(name || "upload.csv").slice(0, 200);
}

/** Streams the body to filePath, counting bytes; over maxBytes it stops, removes the partial file and throws the 413. */
export async function storeUpload(body: UploadBody, filePath: string, maxBytes: number, hint: string): Promise<{ bytes: number }> {
  mkdirSync(path.dirname(filePath), { recursive: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(uploadTooLarge(maxBytes, hint));
        return;
      }
      callback(null, chunk);
    },
  });
  const source = body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  try {
    await pipeline(source, limit, createWriteStream(filePath));
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  return { bytes };
}
