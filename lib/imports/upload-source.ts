import { createReadStream, statSync } from "node:fs";
import { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Database, Driver } from "../db";
import { uploadTooLarge } from "../http/read-upload";
import { storeUpload, type UploadBody } from "./store-upload";

/**
 * Where an import's bytes are read from. On PostgreSQL an uploaded file lives in the
 * database (upload_chunk: 1 MiB bytea chunks in order), so any app instance can
 * validate or commit an upload another instance received. The embedded database has one
 * process: its uploads stay under DATA_DIR. The CLI reads a local file either way.
 * docs/decisions/038-uploads-in-postgresql.md
 */
export interface UploadSource {
  bytes(): Promise<number>;
  open(): Readable;
}

export const uploadChunkBytes = 1024 * 1024;

export function fileSource(filePath: string): UploadSource {
  return { bytes: async () => statSync(filePath).size, open: () => createReadStream(filePath) };
}

/**
 * Streams an upload into upload_chunk under `uploadId`, one chunk in memory at a time;
 * over maxBytes it stops, deletes what it wrote and throws the 413.
 */
export async function storeUploadInDatabase(driver: Driver, uploadId: string, body: UploadBody, maxBytes: number, hint: string): Promise<{ bytes: number }> {
  let bytes = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const insert = (data: Buffer) => driver.query(`INSERT INTO "upload_chunk" ("upload_id", "seq", "data") VALUES ($1, $2, $3)`, [uploadId, seq++, data]);
  /** Writes every whole chunk held (and, at the end, the rest). */
  const flush = async (all: boolean) => {
    let held = Buffer.concat(pending, pendingBytes);
    while (held.length >= uploadChunkBytes || (all && held.length > 0)) {
      await insert(held.subarray(0, uploadChunkBytes));
      held = held.subarray(Math.min(uploadChunkBytes, held.length));
    }
    pending = held.length > 0 ? [held] : [];
    pendingBytes = held.length;
  };
  const limit = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) return callback(uploadTooLarge(maxBytes, hint));
      callback(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < uploadChunkBytes) return callback();
      flush(false).then(() => callback(), callback);
    },
    final(callback) {
      flush(true).then(() => callback(), callback);
    },
  });
  const source = body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  try {
    await pipeline(source, limit, sink);
  } catch (error) {
    await deleteUpload(driver, uploadId).catch(() => {});
    throw error;
  }
  return { bytes };
}

export async function deleteUpload(driver: Driver, uploadId: string): Promise<void> {
  await driver.query(`DELETE FROM "upload_chunk" WHERE "upload_id" = $1`, [uploadId]);
}

/** An upload stored by storeUploadInDatabase, read back chunk by chunk. */
export function databaseSource(driver: Driver, uploadId: string): UploadSource {
  return {
    async bytes() {
      const [row] = await driver.query<{ n: string | null }>(`SELECT sum(length("data"))::bigint AS n FROM "upload_chunk" WHERE "upload_id" = $1`, [uploadId]);
      return Number(row?.n ?? 0);
    },
    open() {
      return Readable.from(
        (async function* () {
          for (let seq = 0; ; seq++) {
            const [row] = await driver.query<{ data: Uint8Array }>(`SELECT "data" FROM "upload_chunk" WHERE "upload_id" = $1 AND "seq" = $2`, [uploadId, seq]);
            if (!row) return;
            yield Buffer.from(row.data);
          }
        })(),
      );
    },
  };
}

/**
 * Where an upload named `uploadId` lives for whichever instance reads it: on PostgreSQL
 * in upload_chunk, on the embedded database (one process) in `localPath`.
 */
export function uploadSourceFor(db: Pick<Database, "driver">, uploadId: string, localPath: string): UploadSource {
  return db.driver.kind === "postgres" ? databaseSource(db.driver, uploadId) : fileSource(localPath);
}

/** Stores an upload where uploadSourceFor reads it, under maxBytes (413 naming hint over it; nothing kept). */
export function storeUploadFor(db: Pick<Database, "driver">, uploadId: string, localPath: string, body: UploadBody, maxBytes: number, hint: string): Promise<{ bytes: number }> {
  return db.driver.kind === "postgres" ? storeUploadInDatabase(db.driver, uploadId, body, maxBytes, hint) : storeUpload(body, localPath, maxBytes, hint);
}
