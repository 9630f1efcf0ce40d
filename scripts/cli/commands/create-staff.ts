import { inviteStaff } from "../../../lib/staff/invite-staff";
import { passwordSchema, staffRoles } from "../../../lib/staff/staff-schemas";
import { UsageError, defineCommand } from "../command";

export default defineCommand({
  name: "create-staff",
  summary: "Create a staff member (a one-time invite link, or a password)",
  description: `Roles: ${staffRoles.join(", ")}. Without --password, prints a one-time invite link (valid 7 days)
and queues the invite email.`,
  options: {
    email: { type: "string", value: "E", required: true, description: "their email address (they sign in with it)" },
    role: { type: "string", value: "R", required: true, description: `one of ${staffRoles.join(", ")}` },
    name: { type: "string", value: "N", description: "display name (default: the part of the address before @)" },
    password: { type: "string", value: "P", description: "set this password now instead of sending an invite (10 to 128 characters)" },
  },
  async run({ values }, ctx) {
    const password = values.password === undefined ? undefined : passwordSchema.safeParse(values.password);
    if (password && !password.success) throw new UsageError(password.error.issues[0]?.message ?? "invalid", "--password");
    const db = await ctx.database();
    const created = await inviteStaff(db.prisma, ctx.principal, {
      email: values.email,
      role: values.role as never,
      name: values.name ?? "",
      ...(values.password === undefined ? {} : { password: values.password }),
    });
    return {
      data: created,
      lines: [
        `Created ${created.email} (${created.role}).`,
        created.inviteUrl
          ? `One-time invite link (valid 7 days, shown once; the invite email is queued):\n${created.inviteUrl}`
          : "They can sign in at /admin/sign-in with the password given.",
      ],
    };
  },
});
