import type { StaffRole } from "../generated/prisma/enums";

/**
 * Who may do what in the staff console. Every server action and route handler names
 * one permission in `requireStaff(permission)` (lib/auth/require-staff.ts); this table
 * is the one place that maps roles to permissions.
 */
export const permissions = {
  "console:read": ["admin", "editor", "support", "viewer"],
  "incidents:write": ["admin", "editor"],
  "letters:write": ["admin", "editor"],
  "accounts:read": ["admin", "editor", "support", "viewer"],
  "accounts:write": ["admin", "support"],
  "imports:write": ["admin", "support"],
  "mail:read": ["admin", "editor", "support", "viewer"],
  "mail:write": ["admin", "support"],
  "audit:read": ["admin", "editor", "support", "viewer"],
  "staff:manage": ["admin"],
  "apikeys:manage": ["admin"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissions;

export function roleHas(role: StaffRole, permission: Permission): boolean {
  return (permissions[permission] as readonly StaffRole[]).includes(role);
}
