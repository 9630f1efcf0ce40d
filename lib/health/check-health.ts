import { database } from "../db";

export interface Health {
  status: "ok" | "degraded";
  live: true;
  database: { ready: boolean; latencyMs?: number; error?: string };
}

/** Liveness is implied by answering; readiness is a round trip to the database. */
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
    return { status: "degraded", live: true, database: { ready: false, error: describeDbError(error) } };
  } finally {
    clearTimeout(timer);
  }
}

function describeDbError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === "ECONNREFUSED") return "connection refused";
  return (e.message ?? "unreachable").split("\n")[0] ?? "unreachable";
}
