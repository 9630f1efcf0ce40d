import { StaffRole } from "../generated/prisma/enums";

/** Every role (the schema's StaffRole enum): what any signed-in staff member may do. */
const everyone: readonly StaffRole[] = Object.values(StaffRole);

/**
 * Who may do what in the staff console. Every server action and route handler names
 * one permission (defineAction / defineRoute, lib/http/); this table is the one place
 * that maps roles to permissions.
 */
export const permissions = {
  "console:read": everyone,
  "incidents:write": ["admin", "editor"],
  "letters:write": ["admin", "editor"],
  "accounts:read": everyone,
  "accounts:write": ["admin", "support"],
  "imports:write": ["admin", "support"],
  "mail:read": everyone,
  "mail:write": ["admin", "support"],
  /** Support cases (/admin/cases): customers' reports, replies, internal notes. */
  "cases:read": ["admin", "support"],
  "cases:write": ["admin", "support"],
  /** CSV exports of an incident's accounts, proof of notice and cases (personal data). */
  "exports:read": ["admin", "support"],
  /** The regulator summary of an incident (/admin/incidents/[id]/report): read by support, issued by admins. */
  "reports:read": ["admin", "support"],
  "reports:issue": ["admin"],
  "audit:read": everyone,
  "staff:manage": ["admin"],
  "apikeys:manage": ["admin"],
  "webhooks:manage": ["admin"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissions;

export function roleHas(role: StaffRole, permission: Permission): boolean {
  return (permissions[permission] as readonly StaffRole[]).includes(role);
}
