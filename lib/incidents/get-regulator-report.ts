import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { IncidentStatus } from "../generated/prisma/enums";

/**
 * The regulator summary of one incident (issue 15 item 5), computed from the records
 * when it is read or issued: what GDPR Art. 33(3) asks a notification to describe.
 *  (a) nature: categories and approximate number of people affected (accounts with an
 *      impact in a state other than not_affected) and of records (items);
 *  (b) contact point (the incident's DPO contact);
 *  (c) likely consequences: impacts unrecoverable or partly restored, items lost;
 *  (d) measures taken: the incident's published updates.
 * And two clocks: the 72-hour deadline from "became aware" (Art. 33(1)) against the
 * first issued version, and per account the time from its import (the first impact of
 * the account in the incident) to its first notice (a restore email, letter or incident
 * update actually sent), median and worst. Three set-based statements over the
 * incident's impacts; never per account in JavaScript. JSON-safe (ISO strings), so an
 * issued version stores exactly what was shown.
 */
export interface RegulatorReport {
  generatedAt: string;
  incident: {
    id: string;
    slug: string;
    title: string;
    summary: string;
    status: IncidentStatus;
    startedAt: string;
    awareAt: string | null;
    publishedAt: string | null;
    resolvedAt: string | null;
    dpoContact: string;
  };
  categories: {
    key: string;
    label: string;
    people: number;
    records: number;
    restoredRecords: number;
    lostRecords: number;
    pending: number;
    restoring: number;
    restored: number;
    partial: number;
    unrecoverable: number;
  }[];
  totals: { people: number; records: number; lostRecords: number; peopleWithLoss: number; partial: number; unrecoverable: number };
  measures: { publishedAt: string; status: IncidentStatus; body: string }[];
  clocks: {
    /** awareAt + 72 hours. */
    deadlineAt: string | null;
    /** The first issued version (null while none). */
    firstIssuedAt: string | null;
    /** From awareAt to the first issued version, or to now while none. */
    hoursSinceAware: number | null;
    /** true / false once issued; null while not issued or awareAt unknown. */
    firstIssuedInTime: boolean | null;
    notice: { accounts: number; notified: number; waiting: number; medianHours: number | null; worstHours: number | null; oldestWaitingHours: number | null };
  };
}

/** The kinds of email that tell an affected customer about the incident (a link they asked for is not a notice). */
export const noticeKinds = ["restore", "letter", "incident_update"] as const;

const hours = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : Math.round((Number(seconds) / 3600) * 10) / 10);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const deadlineHours = 72;

export async function getRegulatorReport(db: DbClient, incidentId: string, now: Date = new Date()): Promise<RegulatorReport> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: {
      id: true, slug: true, title: true, summary: true, status: true, startedAt: true, awareAt: true, publishedAt: true, resolvedAt: true, dpoContact: true,
      categories: { orderBy: { position: "asc" }, select: { id: true, key: true, label: true } },
      updates: { orderBy: { publishedAt: "asc" }, select: { publishedAt: true, status: true, body: true } },
      reportVersions: { orderBy: { version: "asc" }, take: 1, select: { issuedAt: true } },
    },
  });
  if (!incident) throw new AppError("NOT_FOUND", "No such incident.");

  const [perCategory, people, notice] = await Promise.all([
    db.$queryRawUnsafe<{ category_id: number; people: number; records: bigint | number | null; restored_records: bigint | number | null; lost: bigint | number | null; pending: number; restoring: number; restored: number; partial: number; unrecoverable: number }[]>(
      `SELECT im."category_id",
              (count(*) FILTER (WHERE im."state" <> 'not_affected'))::int AS "people",
              sum(im."items_total") FILTER (WHERE im."state" <> 'not_affected') AS "records",
              sum(im."items_restored") FILTER (WHERE im."state" <> 'not_affected') AS "restored_records",
              sum(im."items_total" - im."items_restored") FILTER (WHERE im."state" IN ('partial', 'unrecoverable')) AS "lost",
              (count(*) FILTER (WHERE im."state" = 'pending'))::int AS "pending",
              (count(*) FILTER (WHERE im."state" = 'restoring'))::int AS "restoring",
              (count(*) FILTER (WHERE im."state" = 'restored'))::int AS "restored",
              (count(*) FILTER (WHERE im."state" = 'partial'))::int AS "partial",
              (count(*) FILTER (WHERE im."state" = 'unrecoverable'))::int AS "unrecoverable"
       FROM "impact" im WHERE im."incident_id" = $1::uuid GROUP BY im."category_id"`,
      incident.id,
    ),
    db.$queryRawUnsafe<{ people: number; with_loss: number }[]>(
      `SELECT count(DISTINCT im."account_id") FILTER (WHERE im."state" <> 'not_affected')::int AS "people",
              count(DISTINCT im."account_id") FILTER (WHERE im."state" IN ('partial', 'unrecoverable'))::int AS "with_loss"
       FROM "impact" im WHERE im."incident_id" = $1::uuid`,
      incident.id,
    ),
    // Per affected account: imported = its first impact in the incident; noticed = its
    // first notice sent since (one probe on the outbox's account index per account).
    db.$queryRawUnsafe<{ accounts: number; notified: number; median_s: number | null; worst_s: number | null; oldest_waiting_s: number | null }[]>(
      `WITH "acc" AS (
         SELECT im."account_id", min(im."created_at") AS "imported_at"
         FROM "impact" im WHERE im."incident_id" = $1::uuid AND im."state" <> 'not_affected'
         GROUP BY im."account_id"
       ), "firsts" AS (
         SELECT acc."imported_at", f."sent_at", extract(epoch FROM f."sent_at" - acc."imported_at")::float8 AS "d"
         FROM "acc"
         LEFT JOIN LATERAL (
           SELECT min(o."sent_at") AS "sent_at" FROM "email_outbox" o
           WHERE o."account_id" = acc."account_id" AND o."kind"::text IN (${noticeKinds.map((k) => `'${k}'`).join(", ")})
             AND o."sent_at" >= acc."imported_at"
         ) f ON true
       )
       SELECT count(*)::int AS "accounts", count("sent_at")::int AS "notified",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY "d") FILTER (WHERE "sent_at" IS NOT NULL) AS "median_s",
              max("d") AS "worst_s",
              max(extract(epoch FROM $2::timestamptz - "imported_at")::float8) FILTER (WHERE "sent_at" IS NULL) AS "oldest_waiting_s"
       FROM "firsts"`,
      incident.id,
      now,
    ),
  ]);

  const byCategory = new Map(perCategory.map((c) => [c.category_id, c]));
  const categories = incident.categories.map((c) => {
    const r = byCategory.get(c.id);
    return {
      key: c.key,
      label: c.label,
      people: r?.people ?? 0,
      records: Number(r?.records ?? 0),
      restoredRecords: Number(r?.restored_records ?? 0),
      lostRecords: Number(r?.lost ?? 0),
      pending: r?.pending ?? 0,
      restoring: r?.restoring ?? 0,
      restored: r?.restored ?? 0,
      partial: r?.partial ?? 0,
      unrecoverable: r?.unrecoverable ?? 0,
    };
  });
  const sum = (pick: (c: (typeof categories)[number]) => number) => categories.reduce((n, c) => n + pick(c), 0);
  const firstIssued = incident.reportVersions[0]?.issuedAt ?? null;
  const n = notice[0];
  const awareAt = incident.awareAt;
  return {
    generatedAt: now.toISOString(),
    incident: {
      id: incident.id,
      slug: incident.slug,
      title: incident.title,
      summary: incident.summary,
      status: incident.status,
      startedAt: incident.startedAt.toISOString(),
      awareAt: iso(awareAt),
      publishedAt: iso(incident.publishedAt),
      resolvedAt: iso(incident.resolvedAt),
      dpoContact: incident.dpoContact,
    },
    categories,
    totals: {
      people: people[0]?.people ?? 0,
      records: sum((c) => c.records),
      lostRecords: sum((c) => c.lostRecords),
      peopleWithLoss: people[0]?.with_loss ?? 0,
      partial: sum((c) => c.partial),
      unrecoverable: sum((c) => c.unrecoverable),
    },
    measures: incident.updates.map((u) => ({ publishedAt: u.publishedAt.toISOString(), status: u.status, body: u.body })),
    clocks: {
      deadlineAt: awareAt ? new Date(awareAt.getTime() + deadlineHours * 3_600_000).toISOString() : null,
      firstIssuedAt: iso(firstIssued),
      hoursSinceAware: awareAt ? hours(((firstIssued ?? now).getTime() - awareAt.getTime()) / 1000) : null,
      firstIssuedInTime: awareAt && firstIssued ? firstIssued.getTime() - awareAt.getTime() <= deadlineHours * 3_600_000 : null,
      notice: {
        accounts: n?.accounts ?? 0,
        notified: n?.notified ?? 0,
        waiting: (n?.accounts ?? 0) - (n?.notified ?? 0),
        medianHours: hours(n?.median_s),
        worstHours: hours(n?.worst_s),
        oldestWaitingHours: hours(n?.oldest_waiting_s),
      },
    },
  };
}
