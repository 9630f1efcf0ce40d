import { verifyApiKey } from "@/lib/auth/api-keys";
import { database } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { applyRestoreBatch, parseRestoreBatch } from "@/lib/restores/apply-restore-batch";

export const dynamic = "force-dynamic";

/** 10,000 items of ~200 bytes each, with room to spare. */
const maxBodyBytes = 8 * 1024 * 1024;

/** POST /api/v1/restores: the recovery pipeline reports restore progress (docs/readme/mail.md). */
export async function POST(request: Request) {
  try {
    const db = await database();
    const actor = await verifyApiKey(db.prisma, request.headers.get("authorization"), "restores:write");
    const body = await readJson(request);
    const batch = parseRestoreBatch(body);
    const result = await applyRestoreBatch(db, { ...actor, ip: clientIp(request) }, batch);
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBodyBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBodyBytes} bytes.`);
  if (!request.body) throw new AppError("BAD_REQUEST", "The body must be JSON: { incident, items: [...] }.");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel();
      throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBodyBytes} bytes.`);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
}

function clientIp(request: Request): string | null {
  if (!env().TRUST_PROXY) return null;
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}
