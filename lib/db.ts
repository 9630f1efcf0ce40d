import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

/**
 * The one database module. DATABASE_URL -> PostgreSQL through @prisma/adapter-pg;
 * unset -> embedded PGlite persisted under DATA_DIR. Everything above this file uses
 * the same Prisma client and the same SQL (docs/decisions/001-embedded-pglite.md).
 */

/** The secret columns never leave lib/ by accident: ask for them explicitly. */
const omitSecrets = {
  staffCredential: { password: true, accessToken: true, refreshToken: true, idToken: true },
  staffTwoFactor: { secret: true, backupCodes: true },
  apiKey: { keyHash: true },
  lookupToken: { tokenHash: true },
  subscriber: { confirmTokenHash: true, unsubscribeTokenHash: true },
  webhookEndpoint: { secretCiphertext: true },
} as const;

/** Clients made here (not transaction clients): see inTransaction. */
const rootClients = new WeakSet<object>();

function makePrisma(adapter: PrismaPg | PrismaPGlite) {
  const client = new PrismaClient({ adapter, omit: omitSecrets });
  rootClients.add(client);
  return client;
}

export type Prisma = ReturnType<typeof makePrisma>;
/** The client inside `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];
export type DbClient = Prisma | Tx;

/**
 * The raw-SQL part of a client, which is all that set-based use cases need (applyStateChanges,
 * recordAudit): a Prisma client or transaction has it, and so does sqlTransaction's connection.
 */
export interface SqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** The raw driver as a SqlClient: each query on a pooled connection, outside any transaction. */
export function driverSql(driver: Pick<Driver, "query">): SqlClient {
  return { $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await driver.query(query, values)) as T };
}

/** A raw driver for what Prisma cannot do: multi-statement scripts and session locks. */
export interface Driver {
  readonly kind: "pglite" | "postgres";
  /** PostgreSQL only: the pool itself, for what needs a raw client (COPY FROM STDIN). */
  readonly pool?: pg.Pool;
  /** PGlite only: the embedded database itself (its own dump, COPY TO '/dev/blob'). */
  readonly pglite?: PGlite;
  /**
   * `options.name` (PostgreSQL): a named prepared statement, parsed and planned once per pooled
   * connection and then reused (PostgreSQL switches to its generic plan after five runs). For a hot
   * statement whose planning costs more than running it: the private page's one statement plans
   * in ~2 ms and runs in ~0.5 ms (decision 045). A name must always go with the same text.
   * PGlite ignores it.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(text: string): Promise<void>;
  /** Runs fn on one dedicated connection (session-level state such as advisory locks). */
  withConnection<T>(fn: (conn: Pick<Driver, "query" | "exec">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface QueryOptions {
  name?: string;
}

export interface Database {
  prisma: Prisma;
  driver: Driver;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** postgres:// URL; when absent, PGlite. */
  url?: string | undefined;
  /** PGlite data directory; "memory://" for an in-memory database. */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  max?: number;
}

function pgliteDriver(client: PGlite): Driver {
  const self: Driver = {
    kind: "pglite",
    pglite: client,
    async query<T>(text: string, params?: unknown[]) {
      const result = await client.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(text) {
      await client.exec(text);
    },
    // PGlite has one connection: every call already runs on it.
    withConnection: (fn) => fn(self),
    close: () => client.close(),
  };
  return self;
}

function postgresDriver(pool: pg.Pool): Driver {
  return {
    kind: "postgres",
    pool,
    async query<T>(text: string, params?: unknown[], options?: QueryOptions) {
      const result = options?.name ? await pool.query({ name: options.name, text, values: params }) : await pool.query(text, params);
      return result.rows as T[];
    },
    async exec(text) {
      await pool.query(text);
    },
    async withConnection(fn) {
      const conn = await pool.connect();
      try {
        return await fn({
          query: async <T>(text: string, params?: unknown[]) => (await conn.query(text, params)).rows as T[],
          exec: async (text: string) => {
            await conn.query(text);
          },
        });
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.url) {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.max ?? 10,
      connectionTimeoutMillis: 5_000,
      // JIT compiling pays off for long analytical queries; this app's big statements
      // (set-based batches of 10,000 restores, import merges) are planned with poor row
      // estimates, cross jit_above_cost, and spend more compiling than they save (~30 ms
      // per pipeline batch). docs/decisions/010-pipeline-api-statement.md
      options: "-c jit=off",
    });
    // An idle client that loses its server must not crash the process.
    pool.on("error", (err) => console.error(`database: idle connection error: ${err.message}`));
    // Nor one that is checked out (a transaction between statements, withConnection): pg
    // emits 'error' on the client, and the pool listens only while it is idle. The work that
    // holds it fails on its next query (or the one in flight), and the pool drops the client
    // at release (test/integration/db-connection-lost.pg.test.ts).
    pool.on("connect", (client) => client.on("error", () => {}));
    const prisma = makePrisma(new PrismaPg(pool));
    const driver = postgresDriver(pool);
    return {
      prisma,
      driver,
      async close() {
        await prisma.$disconnect();
        await driver.close();
      },
    };
  }
  const dataDir = config.dataDir ?? ".data";
  let location = dataDir;
  if (!dataDir.startsWith("memory://")) {
    location = path.resolve(dataDir, "pglite");
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location);
  const prisma = makePrisma(new PrismaPGlite(client));
  const driver = pgliteDriver(client);
  return {
    prisma,
    driver,
    async close() {
      await prisma.$disconnect();
      if (!client.closed) await client.close();
    },
  };
}

// One instance per process, kept on globalThis: Next may evaluate this module in more
// than one bundle, and a PGlite data directory can only be opened once.
const globalKey = Symbol.for("recovery-portal.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Database> };

export function database(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    const e = env();
    g[globalKey] = openDatabase({ url: e.DATABASE_URL, dataDir: e.DATA_DIR });
    g[globalKey].catch(() => {
      // Let the next caller try again (the server may come back).
      delete g[globalKey];
    });
  }
  return g[globalKey];
}

export async function prisma(): Promise<Prisma> {
  return (await database()).prisma;
}

/** Installs the process's database (tests; scripts open theirs through database()). */
export function setDatabase(db: Database): void {
  (globalThis as GlobalWithDb)[globalKey] = Promise.resolve(db);
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const pending = g[globalKey];
  delete g[globalKey];
  if (pending) await (await pending).close();
}

/**
 * Runs fn in a transaction on one connection of the raw driver, for a hot path whose work is
 * a few big set-based statements: Prisma's per-call cost for a statement with 10,000-element
 * array parameters (measured: about 18 ms of CPU per call, next to 7 ms for pg itself) buys
 * nothing there. The pipeline API uses it (docs/decisions/010-pipeline-api-statement.md).
 * PGlite: its own transaction, which holds the one connection until it ends.
 */
export async function sqlTransaction<T>(db: Pick<Database, "driver">, fn: (sql: SqlClient) => Promise<T>): Promise<T> {
  const pglite = db.driver.pglite;
  if (pglite) {
    return pglite.transaction((tx) => fn({ $queryRawUnsafe: async <R>(query: string, ...values: unknown[]) => (await tx.query(query, values)).rows as R }));
  }
  const conn = await db.driver.pool!.connect();
  // A connection whose ROLLBACK fails (the server went away) is discarded, not pooled.
  let broken = false;
  try {
    await conn.query("BEGIN");
    const result = await fn({ $queryRawUnsafe: async <R>(query: string, ...values: unknown[]) => (await conn.query(query, values)).rows as R });
    await conn.query("COMMIT");
    return result;
  } catch (error) {
    broken = await conn.query("ROLLBACK").then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    conn.release(broken);
  }
}

/**
 * Runs fn in a new transaction, or inside the caller's when `db` already is one, so a
 * use case can be called on its own or as one step of a larger use case. (A
 * transaction client also has $transaction, but it nests through savepoints, which
 * the PGlite adapter lacks and which cost a round trip each on PostgreSQL.)
 * `options` (a longer timeout for a set-based statement over a whole incident) apply
 * only when a new transaction is started.
 */
export function inTransaction<T>(db: DbClient, fn: (tx: Tx) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T> {
  return rootClients.has(db) ? (db as Prisma).$transaction(fn, options) : fn(db as Tx);
}
