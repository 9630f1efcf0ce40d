import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AccountView, type CaseOutcome } from "../../app/account/[token]/account-view";
import type { Locale } from "@/lib/i18n/locales";
import type { AccountStatus } from "@/lib/lookup/get-account-status";
import { looksUntranslated } from "../helpers/pseudo-locale-check";

/**
 * The private page's content in every language, rendered the way its fast path renders it
 * (renderToString outside Next's request, decision 045): the pseudo-locale leaves no English
 * but the account's own data, and Arabic plurals and formats come through.
 */
const at = new Date("2026-12-01T15:30:00Z");
function status(locale: string): AccountStatus {
  return {
    account: { externalRef: "SK-0000001", displayName: "Robin Smith", maskedEmail: "r***h@example.com", updatesOptOut: false, locale: locale as Locale },
    link: { expiresAt: at },
    incidents: [
      {
        slug: "sync",
        title: "Sync outage",
        status: "recovering",
        remedy: "Three months free",
        categories: (["pending", "restoring", "restored", "partial", "unrecoverable", "not_affected"] as const).map((state, i) => ({
          categoryId: i + 1,
          key: `k${i}`,
          label: `Data${i}`,
          state,
          itemsTotal: 10,
          itemsRestored: 3,
          updatedAt: at,
          next: "",
        })),
        remedies: [
          { ruleId: 1, name: "Credit", offer: "One month", claimedAt: null, reference: null },
          { ruleId: 2, name: "Refund", offer: "Ten euros", claimedAt: at, reference: "RF-1" },
        ],
      },
    ],
    emails: (["queued", "sending", "sent", "failed", "parked"] as const).map((s) => ({ kind: "restore", subject: "Subject line", status: s, createdAt: at, sentAt: s === "sent" ? at : null })),
    cases: [
      { id: 7, state: "open", categoryLabel: "Data1", incidentTitle: "Sync outage", missing: "Old photos", itemsExpected: 2, createdAt: at, messages: [{ id: 1, kind: "report", body: "Body text", createdAt: at }, { id: 2, kind: "reply", body: "Reply text", createdAt: at }] },
      { id: 8, state: "resolved", categoryLabel: "Data1", incidentTitle: "Sync outage", missing: "Old photos", itemsExpected: null, createdAt: at, messages: [] },
    ],
  };
}
const data = new Set(["SK-0000001", "Robin Smith", "r***h@example.com", "Sync outage", "Three months free", "Credit", "One month", "Refund", "Ten euros", "RF-1", "Subject line", "Old photos", "Body text", "Reply text", ...Array.from({ length: 6 }, (_, i) => `Data${i}`)]);
const outcomes: CaseOutcome[] = [
  { kind: "none", report: null },
  { kind: "reported", caseId: 7 },
  { kind: "answered", caseId: 7 },
  { kind: "error", code: "VALIDATION", field: "missing" },
  { kind: "error", code: "RATE_LIMITED", field: null },
];

const render = (locale: string, outcome: CaseOutcome) => renderToStaticMarkup(createElement(AccountView, { status: status(locale), token: "t".repeat(43), outcome }));

function texts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/>([^<]+)</g)) out.push(m[1]!.replace(/&#x27;|&quot;|&amp;/g, "'").trim());
  for (const m of html.matchAll(/\b(?:placeholder|alt|title|aria-label)="([^"]*)"/g)) out.push(m[1]!);
  // What is left once the account's own data (and case numbers, C-000007) is taken out.
  const byLength = [...data].sort((a, b) => b.length - a.length);
  return out.map((t) => byLength.reduce((rest, d) => rest.split(d).join(" "), t).replace(/\bC-\d+\b/g, " ").trim()).filter(Boolean);
}

describe("the private page in the account's language", () => {
  it("has no English left in the pseudo-locale but the account's data", () => {
    const left = outcomes.flatMap((outcome) => texts(render("en-XA", outcome)).filter((t) => looksUntranslated(t)));
    expect([...new Set(left)]).toEqual([]);
  });

  it("speaks Arabic with its plurals and the same structure as English", () => {
    const ar = render("ar", { kind: "reported", caseId: 7 });
    expect(ar).toContain("حالة استعادة بياناتك");
    expect(ar).toContain("كنت تتوقع عنصرين");
    expect(ar).toContain('href="/ar/lookup"');
    const en = render("en", { kind: "reported", caseId: 7 });
    expect(en).toContain("Your recovery status");
    expect(en).toContain("(you expected 2 items)");
    expect(en).toContain('href="/lookup"');
    expect(en.match(/<[a-z]+/g)?.length).toBe(ar.match(/<[a-z]+/g)?.length);
  });
});
