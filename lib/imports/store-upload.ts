import { createWriteStream, mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { uploadTooLarge } from "../http/read-upload";

/**
 * Uploaded CSV files (the accounts import, the bulk state change): the boundary reads
 * the request as a stream (lib/http/read-upload.ts) and the file is streamed to disk
 * here under IMPORT_MAX_BYTES, never held whole in memory. Over the limit: 413 naming
 * it, and nothing is kept.
 */
export type UploadBody = ReadableStream<Uint8Array> | Readable;

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
