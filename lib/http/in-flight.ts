import type { ServerResponse } from "node:http";

/**
 * The requests a server is still answering, so that a graceful stop can wait for them
 * before it closes the database (scripts/start.ts). `server.close()` only waits for the
 * connections: a client that gave up (a browser closed, a load generator stopped) leaves
 * its handler running after its socket has gone, and closing the pool under that handler
 * makes its next query fail halfway through a use case. A request counts as answered when
 * its handler calls `res.end()` or says it has finished (`finished(res)`: Next's handler
 * stops without ending an answer whose client has gone; its promise tells when);
 * `drained()` takes a timeout, so a handler that never ends cannot hold a stop forever.
 */
export interface InFlightRequests {
  track(res: ServerResponse): void;
  /** The handler of `res` is done, whether or not it ended the answer. */
  finished(res: ServerResponse): void;
  readonly count: number;
  /** Resolves once no request is in flight, or after `timeoutMs`; true when drained. */
  drained(timeoutMs: number): Promise<boolean>;
}

export function inFlightRequests(): InFlightRequests {
  let count = 0;
  let waiters: Array<() => void> = [];
  const open = new WeakSet<ServerResponse>();
  const done = (res: ServerResponse) => {
    if (open.delete(res)) settle();
  };
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
      const end = res.end;
      res.end = function (this: ServerResponse, ...args: Parameters<ServerResponse["end"]>) {
        const result = end.apply(this, args);
        done(res);
        return result;
      } as ServerResponse["end"];
      open.add(res);
    },
    finished(res) {
      done(res);
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
