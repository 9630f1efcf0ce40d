import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { cliPrincipal } from "../../lib/auth/principal";
import { AppError } from "../../lib/errors";
import type { ImpactState } from "../../lib/generated/prisma/enums";
import { streamExport } from "../../lib/exports/stream-export";
import { countQualifying, listRemedyRules } from "../../lib/remedies/list-remedy-rules";
import { parseRemedyCondition } from "../../lib/remedies/remedy-condition";
import { saveRemedyRule } from "../../lib/remedies/save-remedy-rule";
import { applyStateChanges } from "../../lib/restores/apply-state-changes";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

const db = await useTestDatabase();
const { incident, categories, accounts } = await createIncidentWithAccounts(db, { accounts: 60, categories: ["contacts", "photos", "notes"] });
const admin = cliPrincipal();
const system = { type: "system" as const, id: null, label: "test" };
const states: ImpactState[] = ["pending", "restoring", "restored", "partial", "unrecoverable", "not_affected"];

/** An independent recount, account by account in JavaScript, from the rows as they are. */
async function recount(test: (i: { category: string; state: ImpactState; restored: number; total: number }) => boolean): Promise<number> {
  const rows = await db.prisma.impact.findMany({ where: { incidentId: incident.id }, select: { accountId: true, state: true, itemsRestored: true, itemsTotal: true, category: { select: { key: true } } } });
  const qualifying = new Set(rows.filter((r) => test({ category: r.category.key, state: r.state, restored: r.itemsRestored, total: r.itemsTotal })).map((r) => r.accountId));
  return qualifying.size;
}

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AppError ? e : Promise.reject(e)));

describe("remedy rules", () => {
  it("refuses a condition that cannot be evaluated when saved, naming the part", async () => {
    const bad: [string, RegExp][] = [
      ["any unrecoverable or fotos partial below 50%", /^Part 2 \("fotos partial below 50%"\): no category "fotos" in this incident \(known: contacts, photos, notes, or "any"\)\.$/],
      ["any lost", /^Part 1 \("any lost"\): "lost" is not a state/],
      ["any partial below 150%", /^Part 1 \("any partial below 150%"\): the percentage must be above 0 and at most 100\.$/],
      ["any affected below 10%", /^Part 1 .*"below N%" goes with a state/],
      ["any unrecoverable or", /^Part 2 \(""\)|^Part 1/],
      ["partial", /^Part 1 \("partial"\)/],
    ];
    for (const [condition, message] of bad) {
      const error = await errorOf(saveRemedyRule(db.prisma, admin, { incidentId: incident.id, name: "x", condition, offer: "y" }));
      expect(error?.code, condition).toBe("VALIDATION");
      expect(error?.message, condition).toMatch(message);
      expect(error?.details).toMatchObject({ fields: { condition: error?.message } });
    }
    expect(await db.prisma.remedyRule.count()).toBe(0);
  });

  it("the live count equals a recount after random batches of changes", async () => {
    const credit = await saveRemedyRule(db.prisma, admin, { incidentId: incident.id, name: "$100 credit", condition: "any unrecoverable or any partial below 50%", offer: "A $100 credit on your next bill." });
    const month = await saveRemedyRule(db.prisma, admin, { incidentId: incident.id, name: "One free month", condition: "any affected", offer: "One month free." });
    const photos = await saveRemedyRule(db.prisma, admin, { incidentId: incident.id, name: "Photo book", condition: "photos unrecoverable or photos partial below 25.5%", offer: "A printed photo book of what we restored." });
    const expected = {
      [credit.id]: (i: { state: ImpactState; restored: number; total: number }) => i.state === "unrecoverable" || (i.state === "partial" && i.restored * 100 < 50 * i.total),
      [month.id]: (i: { state: ImpactState }) => i.state !== "not_affected",
      [photos.id]: (i: { category: string; state: ImpactState; restored: number; total: number }) =>
        i.category === "photos" && (i.state === "unrecoverable" || (i.state === "partial" && i.restored * 100 < 25.5 * i.total)),
    };
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let batch = 0; batch < 8; batch++) {
      const picked = new Map<string, { accountId: number; categoryId: number; toState: ImpactState; itemsRestored?: number }>();
      for (let n = 0; n < 40; n++) {
        const account = accounts[Math.floor(random() * accounts.length)]!;
        const category = categories[Math.floor(random() * categories.length)]!;
        const toState = states[Math.floor(random() * states.length)]!;
        picked.set(`${account.id}:${category.id}`, { accountId: account.id, categoryId: category.id, toState, ...(toState === "partial" ? { itemsRestored: Math.floor(random() * 100) } : {}) });
      }
      await db.prisma.$transaction((tx) => applyStateChanges(tx, [...picked.values()], system));
      // The stored eligibility (what the page and the count read) against two recounts:
      // in SQL from the impacts, and in JavaScript from the rows.
      const rules = await listRemedyRules(db.prisma, incident.id);
      for (const rule of rules) {
        const sql = await countQualifying(db.prisma, incident.id, parseRemedyCondition(rule.condition, categories));
        expect(rule.qualifying, `${rule.name} after batch ${batch} (SQL recount)`).toBe(sql);
        expect(rule.qualifying, `${rule.name} after batch ${batch}`).toBe(await recount(expected[rule.id]!));
      }
    }
    const final = await listRemedyRules(db.prisma, incident.id);
    expect(final.find((r) => r.id === credit.id)!.qualifying).toBeGreaterThan(0);
    expect(final.find((r) => r.id === month.id)!.qualifying).toBeLessThanOrEqual(accounts.length);

    // The export lists exactly the qualifying accounts, per rule.
    const rows = parse(await readAll(await streamExport(db, "remedies", incident.slug)), { columns: true }) as Record<string, string>[];
    for (const rule of final) expect(rows.filter((r) => r[`remedy_${rule.id}`] === "yes").length, rule.name).toBe(rule.qualifying);
    expect(rows.length).toBe(await recount((i) => expected[credit.id]!(i) || expected[month.id]!(i) || expected[photos.id]!(i)));
    expect(await db.prisma.auditLog.count({ where: { action: "remedy.create" } })).toBe(3);
  });

  it("only editors and admins define remedies", async () => {
    const error = await errorOf(saveRemedyRule(db.prisma, { ...admin, role: "support" }, { incidentId: incident.id, name: "x", condition: "any affected", offer: "y" }));
    expect(error?.code).toBe("FORBIDDEN");
  });
});

async function readAll(x: { stream: NodeJS.ReadableStream }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of x.stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
