import { AppError } from "../errors";
import { readMigrations } from "../migrate";

/**
 * Whether a database (or a backup of one) is at a schema this code knows. Its
 * `_prisma_migrations` names are compared with prisma/migrations/: a name this code
 * does not have means the backup came from a newer version of the portal, whose tables
 * this version would misread; it is refused before anything is changed.
 */
export interface SchemaVersion {
  /** Migrations the source has applied. */
  applied: string[];
  /** Of those, the ones this code does not know (newer). */
  unknown: string[];
  /** This code's migrations the source lacks (older: applied after a restore). */
  missing: string[];
}

export function compareSchema(applied: string[], migrationsDir?: string): SchemaVersion {
  const known = readMigrations(migrationsDir).map((m) => m.name);
  const knownSet = new Set(known);
  const appliedSet = new Set(applied);
  return {
    applied: [...applied].sort(),
    unknown: applied.filter((name) => !knownSet.has(name)).sort(),
    missing: known.filter((name) => !appliedSet.has(name)),
  };
}

export function assertSchemaNotNewer(version: SchemaVersion, what: string): void {
  if (version.applied.length === 0) {
    throw new AppError("CONFLICT", `${what} holds no Recovery Portal schema (no _prisma_migrations rows): refused, nothing changed.`, {
      reason: "not-a-portal-database",
    });
  }
  if (version.unknown.length > 0) {
    const [first] = version.unknown;
    throw new AppError(
      "CONFLICT",
      `${what} is from a newer version of the portal (migration ${first}${version.unknown.length > 1 ? ` and ${version.unknown.length - 1} more` : ""} unknown to this one): refused, nothing changed. Restore it with the version that made it.`,
      { reason: "newer-schema", unknown: version.unknown },
    );
  }
}
