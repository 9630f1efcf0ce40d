import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/errors";
import { pageOutcome } from "../../lib/http/page-outcome";

describe("pageOutcome (a page's use case: result, or the refusal to show)", () => {
  it("passes the result on, shows an AppError's message, and lets anything else reach the error page", async () => {
    await expect(pageOutcome(Promise.resolve(42))).resolves.toEqual({ value: 42, error: null });
    await expect(pageOutcome(Promise.reject(new AppError("NOT_FOUND", "That upload is gone.")))).resolves.toEqual({ value: null, error: "That upload is gone." });
    await expect(pageOutcome(Promise.reject(new Error("connection refused")))).rejects.toThrow("connection refused");
  });
});
