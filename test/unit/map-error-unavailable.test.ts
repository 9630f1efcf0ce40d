import { describe, expect, it, vi } from "vitest";
import { errorJson, toAppError } from "@/lib/http/map-error";

/**
 * The database away (restarted, failing over, out of connections) is a 503 with
 * Retry-After in the one error mapper, however the driver spells it: a pg error code, a
 * node-postgres message without a code, Prisma's driver adapter wrapping either.
 */
describe("a database that does not answer maps to UNAVAILABLE (503, Retry-After)", () => {
  const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });
  const cases: [string, unknown][] = [
    ["admin shutdown (server restarting)", pgError("57P01", "terminating connection due to administrator command")],
    ["cannot connect now (starting up)", pgError("57P03", "the database system is starting up")],
    ["connection exception class 08", pgError("08006", "connection failure")],
    ["refused", pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["node-postgres, no code", new Error("Connection terminated unexpectedly")],
    ["Prisma wrapping the pg error", Object.assign(new Error("Invalid `prisma.account.findMany()` invocation:\n\nError in connector"), { cause: { kind: "postgres", originalCode: "57P01" } })],
    ["Prisma adapter meta", Object.assign(new Error("x"), { name: "PrismaClientKnownRequestError", code: "P9999", meta: { driverAdapterError: { cause: { originalCode: "57P03" } } } })],
  ];
  for (const [what, error] of cases) {
    it(what, async () => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      expect(toAppError(error)).toMatchObject({ code: "UNAVAILABLE", status: 503 });
      const response = errorJson(error);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await response.json()).toMatchObject({ error: { code: "UNAVAILABLE" } });
      logged.mockRestore();
    });
  }

  it("other errors are not: a unique violation, a syntax error, a plain bug", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toAppError(pgError("42601", "syntax error at or near")).code).toBe("INTERNAL");
    expect(toAppError(pgError("23505", "duplicate key")).code).toBe("INTERNAL");
    expect(toAppError(new Error("Connection string is wrong")).code).toBe("INTERNAL");
    expect(toAppError(new TypeError("cannot read properties of undefined")).code).toBe("INTERNAL");
    logged.mockRestore();
  });
});
