import { z } from "zod";
import { StaffRole } from "../generated/prisma/enums";

/** The roles, from the schema's enum (lib/auth/permissions.ts says what each may do). */
export const staffRoles = Object.values(StaffRole) as [StaffRole, ...StaffRole[]];
export const staffRoleSchema = z.enum(staffRoles);

export const inviteStaffSchema = z.object({
  email: z.email("a valid email address").trim().toLowerCase().max(254),
  name: z.string().trim().max(120).optional().default(""),
  role: staffRoleSchema,
});
export type InviteStaffInput = z.input<typeof inviteStaffSchema>;

export const passwordSchema = z.string().min(10, "at least 10 characters").max(128);

export const changeRoleSchema = z.object({ userId: z.string().min(1), role: staffRoleSchema });
export const setDisabledSchema = z.object({ userId: z.string().min(1), disabled: z.boolean() });

export const acceptInviteSchema = z
  .object({ token: z.string().min(20).max(200), password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "the two passwords differ", path: ["confirm"] });

/** The first admin, created in the browser through the one-time setup link (create-first-admin.ts). */
export const createFirstAdminSchema = z
  .object({
    token: z.string().min(20).max(200),
    email: z.email("a valid email address").trim().toLowerCase().max(254),
    name: z.string().trim().max(120).optional().default(""),
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: "the two passwords differ", path: ["confirm"] });
export type CreateFirstAdminInput = z.input<typeof createFirstAdminSchema>;

/** Second factor: the password again to start enrolment; a 6-digit code to confirm it. */
export const startTwoFactorSchema = z.object({ password: z.string().min(1, "your password").max(128) });
export const confirmTwoFactorSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, "the 6-digit code from the app") });
export const resetTwoFactorSchema = z.object({ userId: z.string().min(1) });

export const endSessionSchema = z.object({ sessionId: z.string().min(1).max(200) });
