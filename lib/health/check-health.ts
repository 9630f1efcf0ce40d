import { z } from "zod";
import { database } from "../db";

export const healthSchema = z
  .strictObject({
    status: z.enum(["ok", "unavailable"]),
    live: z.literal(true),
    database: z.strictObject({ ready: z.boolean(), latencyMs: z.number().int().min(0).optional() }),
  })
  .meta({ id: "Health" });
export type Health = z.infer<typeof healthSchema>;

/**
 * Liveness is implied by answering; readiness is a round trip to the database. The
 * answer is public: a failure says "unavailable" and nothing else (no driver text, host
 * or user name); what went wrong goes to the server log.
 */
export async function checkHealth(timeoutMs = 2_000): Promise<Health> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => (await database()).driver.query("SELECT 1"))(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", live: true, database: { ready: true, latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    console.warn(`health: database not ready: ${describeDbError(error)}`);
    return { status: "unavailable", live: true, database: { ready: false } };
  } finally {
    clearTimeout(timer);
  }
}

function describeDbError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === "ECONNREFUSED") return "connection refused";
  return (e.message ?? "unreachable").split("\n")[0] ?? "unreachable";
}
