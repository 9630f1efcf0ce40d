import busboy from "busboy";
import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "../errors";
import { formatBytes } from "../imports/format-bytes";

/**
 * Reads a file upload as a stream, never whole: multipart/form-data with a `file` part
 * (the console's forms; parsed by busboy as the bytes arrive), or the file itself as the
 * body (scripts, with ?name=file.csv and other fields in the query). The caller streams
 * `file` to disk under its byte limit (lib/imports/store-upload.ts) and then calls
 * `close()`, which stops reading the request: a chunked body past the limit is not read
 * on, let alone held in memory. A declared Content-Length past the limit is refused
 * before anything is read.
 *
 * Fields must come before the file (browsers send a form's fields in page order, so put
 * them above the file input): a field after it fails the upload (400) rather than being
 * missed, because `file` only ends once the whole body has been parsed.
 */
export interface Upload {
  fileName: string;
  file: Readable;
  fields: Record<string, string>;
  /** Stops reading the request body (idempotent; call it when done with `file`). */
  close(): void;
}

/** The 413 for a file over the limit. `hint` says what to do instead. */
export function uploadTooLarge(maxBytes: number, hint: string): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the upload limit of ${formatBytes(maxBytes)} (IMPORT_MAX_BYTES). ${hint}`, {
    limitBytes: maxBytes,
  });
}

/** Multipart framing and the small fields beside the file. */
const framingAllowance = 64 * 1024;

export async function readUpload(request: Request, maxBytes: number, hint: string): Promise<Upload> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes + framingAllowance) throw uploadTooLarge(maxBytes, hint);
  if (!request.body) throw new AppError("VALIDATION", "Send a CSV file: a multipart form with a file field, or the file as the body.");
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const close = () => {
    if (!source.destroyed) source.destroy();
  };
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return { fileName: query.name ?? "upload.csv", file: source, fields: query, close };
  }
  return new Promise<Upload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let settled = false;
    const fail = (error: AppError) => {
      close();
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        limits: { files: 1, fields: 20, parts: 30, fieldSize: 16 * 1024 },
      });
    } catch {
      fail(new AppError("BAD_REQUEST", "The form could not be read (multipart without a boundary)."));
      return;
    }
    // The file as the caller reads it: it ends when the whole body has been parsed.
    let output: PassThrough | undefined;
    parser.on("field", (name, value) => {
      if (output) output.destroy(new AppError("BAD_REQUEST", `Send the form's fields before the file (${name} came after it).`));
      else fields[name] = value;
    });
    parser.on("file", (name, file, info) => {
      if (settled || name !== "file") {
        file.resume();
        return;
      }
      if (!info.filename) {
        file.resume();
        fail(new AppError("VALIDATION", "Choose a CSV file to upload."));
        return;
      }
      settled = true;
      const out = new PassThrough();
      output = out;
      file.pipe(out, { end: false });
      file.on("error", (error) => out.destroy(error));
      out.on("error", () => close());
      resolve({ fileName: info.filename, file: out, fields: { ...fields }, close });
    });
    parser.on("error", () => {
      const error = new AppError("BAD_REQUEST", "The form could not be read.");
      if (output) output.destroy(error);
      fail(error);
    });
    parser.on("close", () => {
      if (output) {
        if (!output.destroyed) output.end();
      } else fail(new AppError("VALIDATION", "Choose a CSV file to upload."));
    });
    source.on("error", () => {
      const error = new AppError("BAD_REQUEST", "The upload was interrupted.");
      if (output && !output.destroyed) output.destroy(error);
      fail(error);
    });
    source.pipe(parser);
  });
}
