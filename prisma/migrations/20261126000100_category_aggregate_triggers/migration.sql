-- Keeps "category_aggregate" exact in the same transaction as every change to "impact",
-- so that no page view ever counts impact rows (docs/decisions/003-aggregates-and-outbox.md).
-- Statement-level triggers with transition tables: one set-based upsert per statement,
-- whether it touches one row or a million.

CREATE FUNCTION "impact_aggregate_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta TEXT;
BEGIN
  -- Every impact row of the statement counts with sign +1 (new) or -1 (old). Which
  -- transition tables exist depends on the operation, so the delta is chosen here
  -- and the one upsert below is run with EXECUTE (which sees transition tables).
  delta := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS "sign" FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS "sign" FROM old_rows'
    ELSE 'SELECT *, 1 AS "sign" FROM new_rows UNION ALL SELECT *, -1 FROM old_rows'
  END;
  EXECUTE format($sql$
    INSERT INTO "category_aggregate" AS a ("category_id", "incident_id", "accounts", "pending", "restoring", "restored", "partial", "unrecoverable", "not_affected", "items_total", "items_restored", "updated_at")
    SELECT "category_id", "incident_id", sum("sign"),
           coalesce(sum("sign") FILTER (WHERE "state" = 'pending'), 0),
           coalesce(sum("sign") FILTER (WHERE "state" = 'restoring'), 0),
           coalesce(sum("sign") FILTER (WHERE "state" = 'restored'), 0),
           coalesce(sum("sign") FILTER (WHERE "state" = 'partial'), 0),
           coalesce(sum("sign") FILTER (WHERE "state" = 'unrecoverable'), 0),
           coalesce(sum("sign") FILTER (WHERE "state" = 'not_affected'), 0),
           coalesce(sum("sign" * "items_total"), 0),
           coalesce(sum("sign" * "items_restored"), 0),
           now()
    FROM (%s) AS d
    GROUP BY "category_id", "incident_id"
    ON CONFLICT ("category_id") DO UPDATE SET
      "accounts" = a."accounts" + EXCLUDED."accounts",
      "pending" = a."pending" + EXCLUDED."pending",
      "restoring" = a."restoring" + EXCLUDED."restoring",
      "restored" = a."restored" + EXCLUDED."restored",
      "partial" = a."partial" + EXCLUDED."partial",
      "unrecoverable" = a."unrecoverable" + EXCLUDED."unrecoverable",
      "not_affected" = a."not_affected" + EXCLUDED."not_affected",
      "items_total" = a."items_total" + EXCLUDED."items_total",
      "items_restored" = a."items_restored" + EXCLUDED."items_restored",
      "updated_at" = now()
  $sql$, delta);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "impact_aggregate_insert" AFTER INSERT ON "impact"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "impact_aggregate_sync"();

CREATE TRIGGER "impact_aggregate_update" AFTER UPDATE ON "impact"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "impact_aggregate_sync"();

CREATE TRIGGER "impact_aggregate_delete" AFTER DELETE ON "impact"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "impact_aggregate_sync"();
