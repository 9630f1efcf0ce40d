import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/errors";
import { consumeRateLimits } from "../../lib/rate-limit";
import { useTestDatabase as freshTestDatabase } from "../helpers/db";

const db = await freshTestDatabase();

describe("database-backed rate limits", () => {
  it("are atomic under concurrent requests: exactly `points` of 60 parallel consumes pass", async () => {
    const policy = { name: "test-concurrent", points: 20, durationSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        consumeRateLimits(db.driver, [{ policy, key: "203.0.113.1" }]).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        ),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(20);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(40);
    const rows = await db.driver.query<{ key: string; points: number }>(`SELECT key, points FROM rate_limit WHERE key LIKE 'test-concurrent:%'`);
    expect(rows).toEqual([{ key: "test-concurrent:203.0.113.1", points: 60 }]);
  });

  it("a refused first check does not charge the second", async () => {
    const ip = { name: "test-ip", points: 1, durationSeconds: 60 };
    const address = { name: "test-address", points: 5, durationSeconds: 60 };
    await consumeRateLimits(db.driver, [{ policy: ip, key: "a" }, { policy: address, key: "x" }]);
    await expect(consumeRateLimits(db.driver, [{ policy: ip, key: "a" }, { policy: address, key: "x" }])).rejects.toMatchObject({
      code: "RATE_LIMITED",
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const rows = await db.driver.query<{ points: number }>(`SELECT points FROM rate_limit WHERE key = 'test-address:x'`);
    expect(rows[0]?.points).toBe(1);
  });

  it("windows expire: a counter past its window starts again", async () => {
    const policy = { name: "test-window", points: 1, durationSeconds: 60 };
    await consumeRateLimits(db.driver, [{ policy, key: "k" }]);
    await expect(consumeRateLimits(db.driver, [{ policy, key: "k" }])).rejects.toBeInstanceOf(AppError);
    await db.driver.query(`UPDATE rate_limit SET expire = $1 WHERE key = 'test-window:k'`, [Date.now() - 1000]);
    await expect(consumeRateLimits(db.driver, [{ policy, key: "k" }])).resolves.toBeUndefined();
  });
});
