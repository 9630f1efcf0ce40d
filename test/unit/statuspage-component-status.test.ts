import { describe, expect, it } from "vitest";
import { categoryComponentStatus, worstStatus } from "@/lib/statuspage/component-status";
import { offsetTime, stableId } from "@/lib/statuspage/to-statuspage";

const counts = (c: Partial<Record<"pending" | "restoring" | "restored" | "partial" | "unrecoverable", number>>) => {
  const full = { pending: 0, restoring: 0, restored: 0, partial: 0, unrecoverable: 0, ...c };
  return { ...full, affected: full.pending + full.restoring + full.restored + full.partial + full.unrecoverable };
};

describe("a data category's component status", () => {
  it("follows its recovery", () => {
    expect(categoryComponentStatus(counts({}))).toBe("operational");
    expect(categoryComponentStatus(counts({ pending: 100 }))).toBe("major_outage");
    expect(categoryComponentStatus(counts({ restoring: 50, unrecoverable: 50 }))).toBe("major_outage");
    expect(categoryComponentStatus(counts({ pending: 11, restored: 89 }))).toBe("partial_outage");
    expect(categoryComponentStatus(counts({ pending: 10, restored: 90 }))).toBe("degraded_performance");
    expect(categoryComponentStatus(counts({ restored: 99, partial: 1 }))).toBe("degraded_performance");
    expect(categoryComponentStatus(counts({ restored: 99, unrecoverable: 1 }))).toBe("degraded_performance");
    expect(categoryComponentStatus(counts({ restored: 100 }))).toBe("operational");
  });

  it("a group takes its worst category", () => {
    expect(worstStatus([])).toBe("operational");
    expect(worstStatus(["operational", "degraded_performance", "partial_outage"])).toBe("partial_outage");
    expect(worstStatus(["major_outage", "operational"])).toBe("major_outage");
  });

  it("ids are 12 characters of [0-9a-z], stable, and distinct per input", () => {
    expect(stableId("incident", "https://a", "x")).toMatch(/^[0-9a-z]{12}$/);
    expect(stableId("incident", "https://a", "x")).toBe(stableId("incident", "https://a", "x"));
    expect(stableId("incident", "https://a", "x")).not.toBe(stableId("incident", "https://a", "y"));
    expect(offsetTime("2026-12-01T09:30:00.000Z")).toBe("2026-12-01T09:30:00.000+00:00");
  });
});

describe("the public micro-cache", () => {
  it("holds every Statuspage v2 document", async () => {
    const { isPublicPath } = await import("@/lib/public/response-cache");
    for (const name of ["summary", "status", "components", "incidents", "incidents/unresolved", "scheduled-maintenances", "scheduled-maintenances/upcoming", "scheduled-maintenances/active"]) {
      expect(isPublicPath(`/api/v2/${name}.json`), name).toBe(true);
    }
    expect(isPublicPath("/api/v2/subscribers.json")).toBe(false);
  });
});
