import { describe, expect, it } from "vitest";
import { sqlTransaction } from "@/lib/db";
import { useTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * A pooled connection that loses its server while it is checked out (a transaction between
 * two statements, a withConnection callback) must fail that work, not the process: pg emits
 * 'error' on the client, and a checked-out client has no pool listener. The restart drill
 * met this as a race (an uncaught "Connection terminated unexpectedly" in CI); here the
 * connection is cut on purpose, between statements.
 */
describe("a connection lost while checked out", () => {
  /** Ends the backend of the connection `query` runs on, from another connection of the pool. */
  const cutOwnConnection = async (db: TestDatabase, query: (text: string) => Promise<unknown>) => {
    const [row] = (await query(`SELECT pg_backend_pid() AS "pid"`)) as { pid: number }[];
    await db.driver.query(`SELECT pg_terminate_backend($1)`, [row!.pid]);
    // Long enough for the server's FATAL message and the socket's end to reach the client.
    await new Promise((r) => setTimeout(r, 300));
  };

  it("in a transaction: the next statement fails, nothing is left uncaught, the pool serves the next caller", async () => {
    const db = await useTestDatabase();
    const failed = sqlTransaction(db, async (tx) => {
      await cutOwnConnection(db, (text) => tx.$queryRawUnsafe(text).then((rows) => [rows].flat()));
      await tx.$queryRawUnsafe(`SELECT 1`);
    });
    await expect(failed).rejects.toThrow();
    expect(await db.driver.query(`SELECT 1 AS "one"`)).toEqual([{ one: 1 }]);
  });

  it("in withConnection: the callback's next query fails, the pool serves the next caller", async () => {
    const db = await useTestDatabase();
    const failed = db.driver.withConnection(async (conn) => {
      await cutOwnConnection(db, (text) => conn.query(text));
      await conn.query(`SELECT 1`);
    });
    await expect(failed).rejects.toThrow();
    expect(await db.driver.query(`SELECT 1 AS "one"`)).toEqual([{ one: 1 }]);
  });
});
