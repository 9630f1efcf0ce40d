import type { ServerResponse } from "node:http";

/**
 * The requests a server is still answering, so that a graceful stop can wait for them
 * before it closes the database (scripts/start.ts). `server.close()` only waits for the
 * connections: a client that gave up (a browser closed, a load generator stopped) leaves
 * its handler running after its socket has gone, and closing the pool under that handler
 * makes its next query fail halfway through a use case. A request counts as answered when
 * its handler calls `res.end()` (every handler here does, whether or not the client is
 * still there; Next's handler too); `drained()` takes a timeout, so a handler that never
 * ends cannot hold a stop forever.
 */
export interface InFlightRequests {
  track(res: ServerResponse): void;
  readonly count: number;
  /** Resolves once no request is in flight, or after `timeoutMs`; true when drained. */
  drained(timeoutMs: number): Promise<boolean>;
}

export function inFlightRequests(): InFlightRequests {
  let count = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    count--;
    if (count === 0) {
      for (const wake of waiters) wake();
      waiters = [];
    }
  };
  return {
    get count() {
      return count;
    },
    track(res) {
      count++;
      let done = false;
      const end = res.end;
      res.end = function (this: ServerResponse, ...args: Parameters<ServerResponse["end"]>) {
        const result = end.apply(this, args);
        if (!done) {
          done = true;
          settle();
        }
        return result;
      } as ServerResponse["end"];
    },
    drained(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        timer.unref();
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      });
    },
  };
}
