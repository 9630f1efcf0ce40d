import { database } from "../db";
import { env } from "../env";
import { takeAggregateSnapshot } from "./take-aggregate-snapshot";

/**
 * Takes a chart snapshot every SNAPSHOT_INTERVAL_SECONDS (only when figures moved).
 * Runs in the web process (scripts/start.ts); a failed round (database down) is
 * logged and the next round tries again. Returns a stop function.
 */
export function startAggregateSnapshots(intervalSeconds = env().SNAPSHOT_INTERVAL_SECONDS): () => void {
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      await takeAggregateSnapshot((await database()).driver);
    } catch (error) {
      console.warn(`aggregate snapshot: skipped this round: ${String((error as Error)?.message ?? error).split("\n")[0]}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
