import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors";

/**
 * The last good copy of some data read from the database, kept in memory and on disk.
 *
 * - A read within `refreshMs` of the last attempt costs nothing: no query at all.
 * - After that, one refresh runs at a time (single flight) however many readers arrive;
 *   readers wait for it at most `waitMs`, then get the copy they already had.
 * - When the loader fails (database down, overloaded), readers get the last good copy,
 *   marked stale with its age; the next attempt is made `refreshMs` later, so a dead
 *   database is not hammered and readers never wait on it twice in a row.
 * - Each good copy is written to `file`, so a restart while the database is down still
 *   has something to show.
 */
export interface SnapshotView<T> {
  data: T;
  /** When the data was read from the database. */
  fetchedAt: Date;
  ageSeconds: number;
  /** True when the latest attempt to refresh failed: the data may be out of date. */
  stale: boolean;
}

export interface SnapshotStoreOptions<T> {
  load: () => Promise<T>;
  /** JSON file for the last good copy; none when undefined. */
  file?: string | undefined;
  refreshMs: number;
  /** How long a reader waits for a refresh when it already has a copy. */
  waitMs?: number;
  /** A load taking longer than this counts as failed. */
  timeoutMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** No data could be read and no earlier copy is kept: 503, try again shortly. */
export class SnapshotUnavailableError extends AppError {
  constructor(cause: unknown) {
    super("UNAVAILABLE", "Status data is not available yet; try again shortly.", { retryAfterSeconds: 5 });
    this.name = "SnapshotUnavailableError";
    this.cause = cause;
  }
}

interface Held<T> {
  data: T;
  fetchedAt: number;
}

export class SnapshotStore<T> {
  private current: Held<T> | undefined;
  private inflight: Promise<void> | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastError: unknown = undefined;
  private invalidated = false;
  private diskChecked = false;
  /** How many times the loader ran (tests and the bench read it). */
  loads = 0;

  constructor(private readonly options: SnapshotStoreOptions<T>) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The next read refreshes (staff published something, aggregates moved). */
  invalidate(): void {
    this.invalidated = true;
  }

  private startRefresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    this.invalidated = false;
    this.lastAttemptAt = this.now();
    this.loads++;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const run = Promise.race([
      this.options.load(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    this.inflight = run
      .then(
        (data) => {
          this.current = { data, fetchedAt: this.now() };
          this.lastError = undefined;
          this.persist(this.current);
        },
        (error: unknown) => {
          this.lastError = error;
          this.options.onError?.(error);
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private persist(held: Held<T>): void {
    const file = this.options.file;
    if (!file) return;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ fetchedAt: held.fetchedAt, data: held.data }));
      renameSync(tmp, file);
    } catch (error) {
      // Not fatal: the copy in memory still serves. Say so once per failure.
      console.warn(`public snapshot: could not write ${file}: ${(error as Error).message}`);
    }
  }

  private readDisk(): void {
    if (this.diskChecked) return;
    this.diskChecked = true;
    const file = this.options.file;
    if (!file || this.current) return;
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as { fetchedAt?: unknown; data?: unknown };
      if (typeof parsed.fetchedAt === "number" && parsed.data !== undefined) {
        this.current = { data: parsed.data as T, fetchedAt: parsed.fetchedAt };
      }
    } catch {
      // No file yet, or a torn one: nothing to fall back on.
    }
  }

  private view(): SnapshotView<T> {
    const held = this.current!;
    return {
      data: held.data,
      fetchedAt: new Date(held.fetchedAt),
      ageSeconds: Math.max(0, (this.now() - held.fetchedAt) / 1000),
      stale: this.lastError !== undefined,
    };
  }

  async get(): Promise<SnapshotView<T>> {
    const due = this.invalidated || this.now() - this.lastAttemptAt >= this.options.refreshMs;
    const refresh = due ? this.startRefresh() : this.inflight;
    if (!this.current) this.readDisk();
    if (this.current) {
      // A known-bad database is not waited on; a healthy one briefly, for fresh data.
      if (refresh && this.lastError === undefined) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([refresh, new Promise((resolve) => (timer = setTimeout(resolve, this.options.waitMs ?? 2_000)))]);
        clearTimeout(timer);
      }
      return this.view();
    }
    if (refresh) await refresh;
    if (!this.current) throw new SnapshotUnavailableError(this.lastError);
    return this.view();
  }
}
