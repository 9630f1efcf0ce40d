/**
 * No enumeration by timing (the lookup and subscribe forms): the whole call is padded
 * to a fixed floor, so a known address takes as long as an unknown one.
 */
/** Waits until at least `floorMs` (or the next multiple of it) has passed since `startedAt`. */
export async function padToFloor(startedAt: number, floorMs: number): Promise<void> {
  if (floorMs <= 0) return;
  const elapsed = performance.now() - startedAt;
  const target = Math.max(1, Math.ceil(elapsed / floorMs)) * floorMs;
  const wait = target - elapsed;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
