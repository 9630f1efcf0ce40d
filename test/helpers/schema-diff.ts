import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Driver } from "../../lib/db";

/**
 * Compares the database a migration run produced with what prisma/schema.prisma
 * describes (its DMMF, from Prisma's own schema parser): tables, columns, types,
 * nullability, defaults, enums, primary keys, unique and plain indexes, foreign keys.
 * Returns one line per difference; an empty list means they match.
 */
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] };
  /** Index name (map) -> predicate of the partial indexes; read from the schema text, see partialIndexPredicates. */
  partialIndexes: Map<string, string>;
  /** Lines of schema.prisma that declare a partial index this check cannot read. */
  unreadable: string[];
}

export function readDmmf(schemaPath = "prisma/schema.prisma"): Dmmf {
  const wasm = createRequire(import.meta.url)("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };
  const schema = readFileSync(schemaPath, "utf8");
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] }))) as Omit<Dmmf, "partialIndexes" | "unreadable">;
  return { ...dmmf, ...partialIndexPredicates(schema) };
}

/**
 * Prisma 7 declares a partial index as `@@index([...], map: "name", where: raw("..."))`
 * (preview feature partialIndexes), but its DMMF leaves the predicate out. So the one
 * declaration stays in schema.prisma and this check reads it from the text: every
 * `where:` must be `raw("...")` on an index with a `map:` name, or the check reports the
 * line (it never silently ignores a predicate it cannot read).
 */
export function partialIndexPredicates(schema: string): { partialIndexes: Map<string, string>; unreadable: string[] } {
  const partialIndexes = new Map<string, string>();
  const unreadable: string[] = [];
  for (const line of schema.split("\n")) {
    const code = line.replace(/\/\/.*$/, "");
    if (!/@@(index|unique)\(/.test(code) || !/\bwhere\s*:/.test(code)) continue;
    const map = /\bmap\s*:\s*"([^"]+)"/.exec(code)?.[1];
    const where = /\bwhere\s*:\s*raw\(\s*"((?:[^"\\]|\\.)*)"\s*\)/.exec(code)?.[1];
    if (!map || where === undefined) unreadable.push(line.trim());
    else partialIndexes.set(map, where.replace(/\\(.)/g, "$1"));
  }
  return { partialIndexes, unreadable };
}

/** PostgreSQL prints `(status = 'queued'::"EmailStatus")` for `status = 'queued'`: compare without casts, quotes and brackets. */
export function normalisePredicate(predicate: string): string {
  return predicate
    .replace(/::"?[A-Za-z_][A-Za-z0-9_ ]*"?/g, "")
    .replace(/["()]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

const scalarTypes: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  Float: "double precision",
  Json: "jsonb",
  Bytes: "bytea",
  DateTime: "timestamp without time zone",
};
const nativeTypes: Record<string, string> = {
  Uuid: "uuid",
  Timestamptz: "timestamp with time zone",
};
const onDelete: Record<string, string> = { Cascade: "c", SetNull: "n", Restrict: "r", NoAction: "a", SetDefault: "d" };

function expectedType(field: DmmfField): { dataType: string; udt?: string } {
  if (field.isList) return { dataType: "ARRAY", udt: `_${field.type === "String" ? "text" : field.type.toLowerCase()}` };
  if (field.kind === "enum") return { dataType: "USER-DEFINED", udt: field.type };
  const native = field.nativeType?.[0];
  if (native && nativeTypes[native]) return { dataType: nativeTypes[native] };
  return { dataType: scalarTypes[field.type] ?? `unknown:${field.type}` };
}

export async function diffSchema(driver: Pick<Driver, "query">, dmmf: Dmmf = readDmmf()): Promise<string[]> {
  const problems: string[] = [];
  const columns = await driver.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: "YES" | "NO";
    column_default: string | null;
  }>(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
     FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const indexes = await driver.query<{
    table_name: string;
    index_name: string;
    is_unique: boolean;
    is_primary: boolean;
    columns: string[];
    predicate: string | null;
  }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
            pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
     FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = 'public'`,
  );
  const fks = await driver.query<{ table_name: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string }>(
    `SELECT t.relname AS table_name, rt.relname AS ref_table, c.confdeltype::text AS on_delete,
            array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
            array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = rt.oid AND a.attnum = k.attnum ORDER BY k.n) AS ref_columns
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid
     JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE c.contype = 'f' AND ns.nspname = 'public'`,
  );
  const enums = await driver.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace ns ON ns.oid = t.typnamespace
     WHERE ns.nspname = 'public' GROUP BY t.typname`,
  );

  const { models } = dmmf.datamodel;
  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const f = model.fields.find((x) => x.name === fieldName);
    return f?.dbName ?? fieldName;
  };

  // Enums
  const dbEnums = new Map(enums.map((e) => [e.name, e.values]));
  for (const e of dmmf.datamodel.enums) {
    const values = dbEnums.get(e.name);
    const want = e.values.map((v) => v.name);
    if (!values) problems.push(`enum ${e.name}: missing in the database`);
    else if (values.join(",") !== want.join(",")) problems.push(`enum ${e.name}: database has [${values.join(", ")}], schema has [${want.join(", ")}]`);
    dbEnums.delete(e.name);
  }
  for (const name of dbEnums.keys()) problems.push(`enum ${name}: in the database but not in schema.prisma`);

  // Tables and columns
  const dbTables = new Map<string, Map<string, (typeof columns)[number]>>();
  for (const c of columns) {
    if (!dbTables.has(c.table_name)) dbTables.set(c.table_name, new Map());
    dbTables.get(c.table_name)!.set(c.column_name, c);
  }
  dbTables.delete("_prisma_migrations");
  for (const model of models) {
    const table = tableOf.get(model.name)!;
    const dbColumns = dbTables.get(table);
    if (!dbColumns) {
      problems.push(`table ${table} (model ${model.name}): missing in the database`);
      continue;
    }
    dbTables.delete(table);
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const column = field.dbName ?? field.name;
      const where = `${table}.${column} (${model.name}.${field.name})`;
      const db = dbColumns.get(column);
      if (!db) {
        problems.push(`${where}: column missing in the database`);
        continue;
      }
      dbColumns.delete(column);
      const want = expectedType(field);
      if (db.data_type !== want.dataType || (want.udt && db.udt_name !== want.udt)) {
        problems.push(`${where}: type is ${db.data_type}/${db.udt_name}, schema wants ${want.dataType}${want.udt ? `/${want.udt}` : ""}`);
      }
      // Prisma creates scalar lists as nullable columns.
      const wantNullable = field.isList ? "YES" : field.isRequired ? "NO" : "YES";
      if (db.is_nullable !== wantNullable) problems.push(`${where}: nullable is ${db.is_nullable}, schema wants ${wantNullable}`);
      const hasDefault = db.column_default !== null;
      if (hasDefault !== field.hasDefaultValue) {
        problems.push(`${where}: database default ${db.column_default ?? "none"}, schema ${field.hasDefaultValue ? "has a default" : "has none"}`);
      }
    }
    for (const extra of dbColumns.keys()) problems.push(`${table}.${extra}: column in the database but not in model ${model.name}`);
  }
  for (const extra of dbTables.keys()) problems.push(`table ${extra}: in the database but not in schema.prisma`);

  // Indexes: every schema index exists with the same columns, uniqueness and predicate
  // (partial indexes also by name), and no others.
  for (const line of dmmf.unreadable) problems.push(`partial index not checkable (write it as map: "name", where: raw("...")): ${line}`);
  const remaining = indexes.filter((i) => i.table_name !== "_prisma_migrations");
  const predicateOf = (p: string | null | undefined) => (p == null ? null : normalisePredicate(p));
  for (const index of dmmf.datamodel.indexes) {
    if (index.type === "fulltext") continue;
    const model = models.find((m) => m.name === index.model)!;
    const table = tableOf.get(index.model)!;
    const cols = index.fields.map((f) => columnOf(model, f.name));
    const wantPredicate = index.dbName ? dmmf.partialIndexes.get(index.dbName) : undefined;
    const at = remaining.findIndex(
      (i) =>
        i.table_name === table &&
        i.columns.join(",") === cols.join(",") &&
        i.is_primary === (index.type === "id") &&
        i.is_unique === (index.type !== "normal") &&
        predicateOf(i.predicate) === predicateOf(wantPredicate) &&
        (wantPredicate === undefined || i.index_name === index.dbName),
    );
    const what = `${index.type} index ${wantPredicate !== undefined ? `${index.dbName} ` : ""}on ${table}(${cols.join(", ")})${wantPredicate !== undefined ? ` WHERE ${wantPredicate}` : ""}`;
    if (at === -1) problems.push(`${what}: missing in the database`);
    else remaining.splice(at, 1);
  }
  for (const i of remaining) {
    problems.push(`index ${i.index_name} on ${i.table_name}(${i.columns.join(", ")})${i.predicate ? ` WHERE ${i.predicate}` : ""}: in the database but not in schema.prisma`);
  }

  // Foreign keys
  const remainingFks = [...fks];
  for (const model of models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const table = tableOf.get(model.name)!;
      const target = models.find((m) => m.name === field.type)!;
      const cols = field.relationFromFields.map((f) => columnOf(model, f));
      const refCols = (field.relationToFields ?? []).map((f) => columnOf(target, f));
      const want = onDelete[field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")];
      const at = remainingFks.findIndex(
        (fk) => fk.table_name === table && fk.columns.join(",") === cols.join(",") && fk.ref_table === tableOf.get(target.name) && fk.ref_columns.join(",") === refCols.join(","),
      );
      if (at === -1) {
        problems.push(`foreign key ${table}(${cols.join(", ")}) -> ${tableOf.get(target.name)}: missing in the database`);
        continue;
      }
      const [fk] = remainingFks.splice(at, 1);
      if (fk && fk.on_delete !== want) problems.push(`foreign key ${table}(${cols.join(", ")}): ON DELETE is '${fk.on_delete}', schema wants '${want}'`);
    }
  }
  for (const fk of remainingFks) problems.push(`foreign key ${fk.table_name}(${fk.columns.join(", ")}) -> ${fk.ref_table}: in the database but not in schema.prisma`);
  return problems;
}
