/** Exponential backoff with equal jitter: base * 2^(attempt-1), between half and all of it, capped at 1 h. */
export function retryDelaySeconds(attempts: number, baseSeconds: number, random = Math.random): number {
  const full = Math.min(3600, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return full / 2 + (random() * full) / 2;
}
