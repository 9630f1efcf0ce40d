import { describe, expect, it } from "vitest";
import { newRandomTokens, randomTokenPattern } from "@/lib/tokens";

describe("newRandomTokens", () => {
  it("gives `count` distinct tokens shaped like newRandomToken's (32 bytes, base64url)", () => {
    const tokens = newRandomTokens(500);
    expect(tokens).toHaveLength(500);
    expect(new Set(tokens).size).toBe(500);
    for (const t of tokens) {
      expect(t).toMatch(randomTokenPattern);
      expect(Buffer.from(t, "base64url")).toHaveLength(32);
    }
    expect(newRandomTokens(0)).toEqual([]);
  });
});
