import { z } from "zod";
import type { DbClient } from "../db";
import { AppError } from "../errors";
import { parseRemedyCondition, remedyPredicateSql } from "../remedies/remedy-condition";
import { csvSafeSql as safe, isoSql as iso } from "./csv-safe";

/**
 * What each export contains, as one SELECT over the incident's records: every column is
 * text (escaped against formula injection, timestamps in ISO 8601 UTC), so PostgreSQL's
 * COPY and the paged path write byte-identical CSV, and a "_key" column (an integer,
 * increasing) that orders the rows and pages them. Identifiers built into the SQL are
 * the incident's uuid (checked) and category ids (integers from the database).
 */
export const exportKinds = ["accounts", "evidence", "remedies", "cases"] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportKindSchema = z.enum(exportKinds);

export interface ExportQuery {
  columns: string[];
  /** The integer that orders and pages the rows, on the driving table (so a page reads only its rows). */
  key: string;
  /**
   * SELECT <columns as text>, <key> AS "_key" FROM (the driving rows WHERE ... AND
   * <keyCondition>, ordered by the key, at most `limit`) ...: a page reads only its own rows.
   */
  select(keyCondition: string, limit?: number): string;
}

export interface ExportIncident {
  id: string;
  slug: string;
  categories: { id: number; key: string }[];
  remedyRules: { id: number; name: string; condition: string }[];
}

export async function findExportIncident(db: DbClient, slug: string): Promise<ExportIncident> {
  const incident = await db.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      categories: { orderBy: { position: "asc" }, select: { id: true, key: true } },
      remedyRules: { orderBy: { id: "asc" }, select: { id: true, name: true, condition: true } },
    },
  });
  if (!incident) throw new AppError("NOT_FOUND", `No incident with the slug "${slug}".`, { field: "incident" });
  return incident;
}

const uuid = (id: string) => {
  if (!z.uuid().safeParse(id).success) throw new AppError("INTERNAL", "not a uuid");
  return `'${id}'::uuid`;
};
const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new AppError("INTERNAL", "not an integer");
  return String(n);
};
const limitSql = (limit: number | undefined) => (limit === undefined ? "" : ` LIMIT ${int(limit)}`);
const text = (expression: string) => safe(`(${expression})::text`);

/** The accounts of the incident, with each category's state and counts, one row each. */
function accounts(incident: ExportIncident): ExportQuery {
  const cats = incident.categories;
  const columns = ["account_ref", "email", "display_name", "locale", "updates_opt_out", ...cats.flatMap((c) => [`${c.key}_state`, `${c.key}_restored`, `${c.key}_total`])];
  const catColumns = cats.flatMap((c, i) => [`i${i}."state"::text`, `i${i}."items_restored"::text`, `i${i}."items_total"::text`]);
  const joins = cats.map((c, i) => `LEFT JOIN "impact" i${i} ON i${i}."account_id" = a."id" AND i${i}."category_id" = ${int(c.id)}`).join("\n       ");
  return {
    columns,
    key: `a."id"`,
    select: (keyCondition, limit) => `SELECT ${text(`a."external_ref"`)}, ${text(`a."email"`)}, ${text(`a."display_name"`)}, ${text(`a."locale"`)},
              CASE WHEN a."updates_opt_out" THEN 'yes' ELSE 'no' END${catColumns.length ? `, ${catColumns.join(", ")}` : ""},
              a."id" AS "_key"
       FROM (SELECT * FROM "account" a
              WHERE EXISTS (SELECT 1 FROM "impact" x WHERE x."account_id" = a."id" AND x."incident_id" = ${uuid(incident.id)}) AND ${keyCondition}
              ORDER BY a."id"${limitSql(limit)}) a
       ${joins}`,
  };
}

/**
 * Proof of notice for every account of the incident: one row per email queued for it
 * (kind, language, subject, template version, queued/sent, provider id, attempts, final
 * status) with the account's private link first and last seen.
 */
function evidence(incident: ExportIncident): ExportQuery {
  return {
    columns: [
      "account_ref", "email_id", "kind", "to_address", "language", "subject", "template_version", "queued_at", "sent_at",
      "provider_message_id", "attempts", "status", "last_error", "link_first_opened_at", "link_last_opened_at",
    ],
    key: `o."id"`,
    select: (keyCondition, limit) => `SELECT ${text(`a."external_ref"`)}, o."id"::text, o."kind"::text, ${text(`o."to_address"`)}, ${text(`o."language"`)}, ${text(`o."subject"`)},
              ${text(`o."template_version"`)}, ${iso(`o."created_at"`)}, ${iso(`o."sent_at"`)}, ${text(`o."provider_message_id"`)},
              o."attempts"::text, o."status"::text, ${text(`o."last_error"`)}, ${iso(`l."first"`)}, ${iso(`l."last"`)},
              o."id" AS "_key"
       FROM (SELECT * FROM "email_outbox" o
              WHERE EXISTS (SELECT 1 FROM "impact" x WHERE x."account_id" = o."account_id" AND x."incident_id" = ${uuid(incident.id)}) AND ${keyCondition}
              ORDER BY o."id"${limitSql(limit)}) o
       JOIN "account" a ON a."id" = o."account_id"
       LEFT JOIN LATERAL (SELECT min(t."first_opened_at") AS "first", max(t."last_opened_at") AS "last" FROM "lookup_token" t WHERE t."account_id" = a."id") l ON true`,
  };
}

/**
 * Who qualifies for the incident's remedies and who claimed them, from the stored
 * eligibility (lib/remedies/refresh-remedy-eligibility.ts): one row per account that
 * qualifies now for at least one rule or has claimed one, per rule remedy_<id> (yes/no:
 * qualifies now), when it was announced and claimed and the claim's reference for
 * billing, and the categories that earn a remedy now. One grouped pass over the
 * eligibility rows of the incident's rules.
 */
function remedies(incident: ExportIncident): ExportQuery {
  const rules = incident.remedyRules.map((r) => {
    let sql = "false";
    try {
      sql = remedyPredicateSql(parseRemedyCondition(r.condition, incident.categories));
    } catch {
      // A rule that no longer parses earns no category now; its stored rows are still listed.
    }
    return { ...r, sql };
  });
  const any = rules.length ? rules.map((r) => r.sql).join(" OR ") : "false";
  const ids = `ARRAY[${rules.map((r) => int(r.id)).join(", ")}]::int[]`;
  return {
    columns: [
      "account_ref", "email", "display_name",
      ...rules.flatMap((r) => [`remedy_${r.id}`, `remedy_${r.id}_announced_at`, `remedy_${r.id}_claimed_at`, `remedy_${r.id}_reference`]),
      "categories",
    ],
    key: `e."account_id"`,
    select: (keyCondition, limit) => `SELECT ${text(`a."external_ref"`)}, ${text(`a."email"`)}, ${text(`a."display_name"`)},
              ${rules.map((_r, i) => `CASE WHEN e."q${i}" THEN 'yes' ELSE 'no' END, ${iso(`e."a${i}"`)}, ${iso(`e."c${i}"`)}, ${text(`e."ref${i}"`)}, `).join("")}
              ${text(`(SELECT string_agg(k."key", ' ' ORDER BY k."position") FROM "impact" im JOIN "data_category" k ON k."id" = im."category_id"
                        WHERE im."account_id" = e."account_id" AND im."incident_id" = ${uuid(incident.id)} AND (${any}))`)},
              e."account_id" AS "_key"
       FROM (SELECT e."account_id",
                    ${rules
                      .map(
                        (r, i) => `bool_or(e."qualifies") FILTER (WHERE e."rule_id" = ${int(r.id)}) AS "q${i}", max(e."announced_at") FILTER (WHERE e."rule_id" = ${int(r.id)}) AS "a${i}",
                    max(e."claimed_at") FILTER (WHERE e."rule_id" = ${int(r.id)}) AS "c${i}", max(e."claim_reference") FILTER (WHERE e."rule_id" = ${int(r.id)}) AS "ref${i}", `,
                      )
                      .join("")}count(*) AS "n"
             FROM "remedy_eligibility" e
             WHERE e."rule_id" = ANY(${ids}) AND (e."qualifies" OR e."claimed_at" IS NOT NULL) AND ${keyCondition}
             GROUP BY e."account_id" ORDER BY e."account_id"${limitSql(limit)}) e
       JOIN "account" a ON a."id" = e."account_id"`,
  };
}

/** The incident's support cases. */
function cases(incident: ExportIncident): ExportQuery {
  return {
    key: `c."id"`,
    columns: ["case", "account_ref", "category", "state", "reported_at", "missing", "items_expected", "contact", "assignee", "messages", "last_reply_at", "resolved_at"],
    select: (keyCondition, limit) => `SELECT 'C-' || lpad(c."id"::text, 6, '0'), ${text(`a."external_ref"`)}, ${text(`k."key"`)}, c."state"::text, ${iso(`c."created_at"`)},
              ${text(`c."missing"`)}, c."items_expected"::text, ${text(`c."contact"`)}, ${text(`s."email"`)},
              (SELECT count(*) FROM "case_message" m WHERE m."case_id" = c."id")::text,
              ${iso(`(SELECT max(m."created_at") FROM "case_message" m WHERE m."case_id" = c."id" AND m."kind" = 'reply')`)},
              ${iso(`c."resolved_at"`)},
              c."id" AS "_key"
       FROM (SELECT * FROM "support_case" c WHERE c."incident_id" = ${uuid(incident.id)} AND ${keyCondition} ORDER BY c."id"${limitSql(limit)}) c
       JOIN "account" a ON a."id" = c."account_id"
       JOIN "data_category" k ON k."id" = c."category_id"
       LEFT JOIN "staff_user" s ON s."id" = c."assignee_id"`,
  };
}

export function exportQuery(kind: ExportKind, incident: ExportIncident): ExportQuery {
  return { accounts, evidence, remedies, cases }[kind](incident);
}
