import { hashPassword } from "better-auth/crypto";
import { randomUUID } from "node:crypto";
import type { Database, Tx } from "../db";
import { newRandomToken } from "../tokens";
import { DEMO_ADMIN } from "./demo-admin";
import { demoCategories, demoCategoryCase, demoLetterBody, demoUpdates } from "./demo-content";

/**
 * Deterministic demo data, modelled on the 2009 Sidekick loss: one cloud sync outage,
 * six data categories, a timeline of updates, an apology letter with one correction,
 * N affected accounts with a realistic spread of restore states, one admin (whose password
 * the caller chooses: see demo-admin.ts; without one nobody can sign in as the admin).
 *
 * Set-based SQL in chunks: 1,000,000 accounts x 6 categories is a handful of
 * INSERT ... SELECT statements, not millions of round trips. The same account always
 * gets the same state and item counts (hashint4 of its number), whatever N is.
 */

export { DEMO_ADMIN } from "./demo-admin";
export const DEMO_INCIDENT_SLUG = "cloud-sync-outage";

export interface SeedOptions {
  accounts: number;
  /** Accounts per INSERT ... SELECT chunk. */
  chunk?: number;
  now?: Date;
  log?: (line: string) => void;
  /** From this many accounts on, load with secondary indexes dropped and rebuilt after. */
  deferIndexesFrom?: number;
  /** The demo admin's password (demoAdminPassword); unset: a random one nobody is told. */
  adminPassword?: string;
}

export interface SeedResult {
  incidentId: string;
  accounts: number;
  impacts: number;
  events: number;
}

/** Drops the non-primary indexes and foreign keys of `tables`; returns the statements that recreate them exactly. */
async function dropSecondaryIndexes(tx: Tx, tables: string[]): Promise<string[]> {
  const indexes = await tx.$queryRawUnsafe<{ name: string; def: string }[]>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`,
    tables,
  );
  const foreignKeys = await tx.$queryRawUnsafe<{ name: string; tbl: string; def: string }[]>(
    `SELECT c.conname AS name, t.relname AS tbl, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
     WHERE c.contype = 'f' AND t.relname = ANY($1::text[])`,
    tables,
  );
  for (const fk of foreignKeys) await tx.$executeRawUnsafe(`ALTER TABLE "${fk.tbl}" DROP CONSTRAINT "${fk.name}"`);
  for (const index of indexes) await tx.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  return [...indexes.map((i) => i.def), ...foreignKeys.map((fk) => `ALTER TABLE "${fk.tbl}" ADD CONSTRAINT "${fk.name}" ${fk.def}`)];
}

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const rows = await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "incident" LIMIT 1) x`);
  return (rows[0]?.n ?? 0) === 0;
}

export async function seedDemo(db: Database, options: SeedOptions): Promise<SeedResult> {
  const { prisma, driver } = db;
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const hour = 3_600_000;
  const startedAt = new Date(now.getTime() - 76 * hour);
  const chunk = options.chunk ?? 100_000;

  const incident = await prisma.incident.create({
    data: {
      slug: DEMO_INCIDENT_SLUG,
      title: "Cloud sync outage: contacts, calendars, notes and photos",
      summary:
        "A storage failure in our sync service deleted the server copy of customers' contacts, calendars, notes, tasks and photos. Most of it has been recovered and is being restored account by account.",
      advice:
        "Keep your device switched on and connected to the network.\nDo not reset your device, remove its battery or sign out: data still on the device may be the only copy.\nCheck your own account on the lookup page: it shows, per kind of data, what has come back.",
      remedy:
        "If some of your data cannot be recovered, we will refund three months of your subscription and, on request, send you an export of everything we still hold for your account.",
      status: "recovering",
      impact: "critical",
      startedAt,
      publishedAt: new Date(startedAt.getTime() + 30 * 60_000),
      categories: {
        create: demoCategories.map((c, i) => ({ key: c.key, label: c.label, position: i + 1 })),
      },
      updates: {
        create: demoUpdates.map((u) => ({
          status: u.status,
          body: u.body,
          notifySubscribers: true,
          publishedAt: new Date(startedAt.getTime() + u.hoursAfterStart * hour),
        })),
      },
    },
  });

  const letterPublished = new Date(startedAt.getTime() + 60 * hour);
  await prisma.letter.create({
    data: {
      incidentId: incident.id,
      slug: "we-are-sorry",
      title: "We are sorry",
      body: demoLetterBody,
      signatoryName: "Alex Morgan",
      signatoryTitle: "Chief Executive Officer",
      publishedAt: letterPublished,
      version: 2,
      revisions: {
        create: [
          {
            revision: 1,
            title: "We are sorry",
            body: demoLetterBody.replace("Most data has been recovered", "All data has been recovered"),
            signatoryName: "Alex Morgan",
            signatoryTitle: "Chief Executive Officer",
            publishedAt: letterPublished,
          },
          {
            revision: 2,
            title: "We are sorry",
            body: demoLetterBody,
            signatoryName: "Alex Morgan",
            signatoryTitle: "Chief Executive Officer",
            correctionNote:
              "The first version said all data had been recovered. That was wrong: most, not all, data was recovered. We have corrected the letter.",
            publishedAt: new Date(letterPublished.getTime() + 5 * hour),
          },
        ],
      },
    },
  });

  const staffId = randomUUID();
  await prisma.staffUser.create({
    data: {
      id: staffId,
      name: DEMO_ADMIN.name,
      email: DEMO_ADMIN.email,
      emailVerified: true,
      role: "admin",
      credentials: {
        create: {
          id: randomUUID(),
          accountId: staffId,
          providerId: "credential",
          password: await hashPassword(options.adminPassword ?? newRandomToken()),
        },
      },
    },
  });

  const restoresFrom = new Date(startedAt.getTime() + 54 * hour);
  const elapsedMs = now.getTime() - restoresFrom.getTime();
  const first = ["Alex", "Sam", "Jordan", "Taylor", "Chris", "Morgan", "Jamie", "Robin", "Casey", "Avery", "Riley", "Quinn", "Dana", "Kim", "Lee", "Noor", "Sasha", "Mina", "Yuki", "Omar"];
  const last = ["Smith", "Jones", "Garcia", "Müller", "Rossi", "Nguyen", "Kowalski", "Silva", "Dubois", "Okafor", "Hansen", "Tanaka", "Novak", "Haddad", "Murphy", "Larsen", "Costa", "Ivanova", "Ali", "Park"];

  let events = 0;
  // Large seeds load with the secondary indexes and foreign keys of the bulk tables
  // dropped, and rebuild them once at the end: building an index over 6M rows once is
  // several times faster than maintaining it row by row. All of it is one transaction,
  // so a failure leaves the empty database as it was, indexes included.
  await prisma.$transaction(
    async (tx) => {
      const restore = options.accounts >= (options.deferIndexesFrom ?? 50_000) ? await dropSecondaryIndexes(tx, ["account", "impact", "restore_event"]) : [];
      for (let from = 1; from <= options.accounts; from += chunk) {
        const to = Math.min(options.accounts, from + chunk - 1);
        // One statement per chunk: accounts, their impacts, and the history of each
        // impact (pending -> restoring when work started, then -> its state now), each
        // step reading the rows the previous one returned rather than scanning tables.
        // r in 0..999 decides the state; s in 0..999 the item count and the part restored.
        const inserted = await tx.$executeRawUnsafe(
          `WITH "acc" AS (
             INSERT INTO "account" ("external_ref", "email", "display_name", "locale", "updated_at")
             SELECT 'SK-' || lpad(i::text, 7, '0'), 'customer' || i || '@example.com',
                    ($3::text[])[1 + i % ${first.length}] || ' ' || ($4::text[])[1 + (i / ${first.length}) % ${last.length}],
                    CASE WHEN i % 7 = 0 THEN 'de' WHEN i % 11 = 0 THEN 'fr' ELSE 'en' END, now()
             FROM generate_series($1::int, $2::int) AS i
             RETURNING "id", substr("external_ref", 4)::int AS "n"
           ), "imp" AS (
             INSERT INTO "impact" ("incident_id", "account_id", "category_id", "state", "items_total", "items_restored", "updated_at")
             SELECT $5::uuid, acc.id, c.id, x.state::"ImpactState", x.total,
                    CASE x.state WHEN 'restored' THEN x.total WHEN 'partial' THEN x.total * (10 + x.s % 80) / 100 ELSE 0 END,
                    $6::timestamptz + (x.r * interval '1 millisecond' * $7::float8 / 1000)
             FROM "acc"
             JOIN "data_category" c ON c.incident_id = $5::uuid
             CROSS JOIN LATERAL (
               SELECT r, s, 1 + (s * ${demoCategoryCase("scale")}) / 1000 AS total,
                      CASE
                        WHEN r < 20 THEN 'not_affected'
                        WHEN r < 20 + ${demoCategoryCase("restored")} THEN 'restored'
                        WHEN r < 20 + ${demoCategoryCase("restored")} + ${demoCategoryCase("partial")} THEN 'partial'
                        WHEN r < 20 + ${demoCategoryCase("restored")} + ${demoCategoryCase("partial")} + ${demoCategoryCase("lost")} THEN 'unrecoverable'
                        WHEN r < 20 + ${demoCategoryCase("restored")} + ${demoCategoryCase("partial")} + ${demoCategoryCase("lost")} + ${demoCategoryCase("restoring")} THEN 'restoring'
                        ELSE 'pending'
                      END AS state
               FROM (SELECT (hashint4(acc.n * 8 + c.position) & 2147483647) % 1000 AS r,
                            (hashint4(acc.n * 8 + c.position + 4) & 2147483647) % 1000 AS s) h
             ) x
             RETURNING "account_id", "category_id", "state", "items_total", "items_restored", "updated_at"
           )
           INSERT INTO "restore_event" ("account_id", "category_id", "from_state", "to_state", "items_total", "items_restored", "actor_type", "actor_id", "note", "created_at")
           SELECT i.account_id, i.category_id, e.from_state::"ImpactState", e.to_state::"ImpactState", i.items_total,
                  CASE WHEN e.to_state = i.state::text THEN i.items_restored ELSE 0 END, 'system', 'seed', NULL,
                  CASE WHEN e.to_state = 'restoring' AND i.state <> 'restoring' THEN i.updated_at - interval '2 hours' ELSE i.updated_at END
           FROM "imp" i
           CROSS JOIN LATERAL (VALUES ('pending', 'restoring'), ('restoring', i.state::text)) AS e(from_state, to_state)
           WHERE i.state NOT IN ('pending', 'not_affected')
             AND NOT (e.from_state = 'restoring' AND i.state = 'restoring')`,
          from,
          to,
          first,
          last,
          incident.id,
          restoresFrom,
          elapsedMs,
        );
        events += inserted;
        log(`seed: accounts ${from}-${to} of ${options.accounts}`);
      }
      if (restore.length) log(`seed: rebuilding ${restore.length} indexes and foreign keys`);
      for (const statement of restore) await tx.$executeRawUnsafe(statement);
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );

  // Chart history: the recovery curve from the start of restores to now, ending at the
  // live figures (the aggregate triggers have already counted every impact).
  const points = 24;
  await driver.query(
    `INSERT INTO "aggregate_snapshot" ("incident_id", "category_id", "taken_at", "accounts", "restored", "partial", "unrecoverable", "items_total", "items_restored")
     SELECT g.incident_id, g.category_id, $2::timestamptz + (p * $3::float8 / $4 * interval '1 millisecond'),
            g.accounts, (g.restored * f)::int, (g.partial * f)::int, (g.unrecoverable * f)::int, g.items_total, (g.items_restored * f)::bigint
     FROM "category_aggregate" g
     CROSS JOIN generate_series(0, $4::int) AS p
     CROSS JOIN LATERAL (SELECT (p::float8 / $4) ^ (1 + (g.category_id % 6) * 0.35) AS f) ff
     WHERE g.incident_id = $1::uuid`,
    [incident.id, restoresFrom, elapsedMs, points],
  );

  return { incidentId: incident.id, accounts: options.accounts, impacts: options.accounts * demoCategories.length, events };
}
