/**
 * Paces sends to at most `ratePerSecond` (0 = no limit) for one worker process: each call
 * books the next free slot and waits for it, so concurrent senders share the rate
 * instead of each taking it. A cap across several workers is the provider's (or one
 * worker with the whole rate).
 */
export interface Pacer {
  wait(): Promise<void>;
}

export function createPacer(ratePerSecond: number): Pacer {
  let nextAt = 0;
  return {
    async wait() {
      if (ratePerSecond <= 0) return;
      const now = Date.now();
      const at = Math.max(now, nextAt);
      nextAt = at + 1000 / ratePerSecond;
      if (at > now) await new Promise<void>((resolve) => setTimeout(resolve, at - now));
    },
  };
}
