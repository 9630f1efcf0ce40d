import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import type { DbClient, Driver, Prisma } from "../db";
import { publicUrl } from "../env";
import { AppError } from "../errors";
import { enqueueEmail } from "../mail/enqueue-email";
import { inviteStaffSchema, passwordSchema, type InviteStaffInput } from "./staff-schemas";

/**
 * Staff accounts are created by an admin (or the CLI), never by sign-up. Without a
 * password the new member gets a one-time invite link (7 days) to set one: the link is
 * queued as a `staff_invite` email and also returned, so the admin can hand it over
 * before mail delivery works. Only the link's SHA-256 is stored (verification table).
 */
export const INVITE_DAYS = 7;
const invitePrefix = "staff-invite:";

export function inviteIdentifier(token: string): string {
  return invitePrefix + createHash("sha256").update(token).digest("hex");
}

export function inviteUrl(token: string): string {
  return `${publicUrl()}/admin/invite/${token}`;
}

export interface CreatedStaff {
  id: string;
  email: string;
  role: string;
  /** Present when no password was given: shown once. */
  inviteUrl?: string;
}

export async function inviteStaff(
  db: Prisma,
  principal: Principal,
  input: InviteStaffInput & { password?: string | undefined },
): Promise<CreatedStaff> {
  authorize(principal.role, "staff:manage");
  const data = inviteStaffSchema.parse(input);
  const password = input.password === undefined ? undefined : passwordSchema.parse(input.password);
  const hashed = password ? await hashPassword(password) : undefined;
  return db.$transaction(async (tx) => {
    const existing = await tx.staffUser.findUnique({ where: { email: data.email }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", `${data.email} is already a staff member.`, { field: "email" });
    const id = randomUUID();
    const name = data.name || data.email.split("@")[0] || data.email;
    await tx.staffUser.create({ data: { id, email: data.email, name, role: data.role, emailVerified: Boolean(hashed) } });
    let link: string | undefined;
    if (hashed) {
      await tx.staffCredential.create({
        data: { id: randomUUID(), userId: id, accountId: id, providerId: "credential", password: hashed },
        select: { id: true },
      });
    } else {
      link = await issueInvite(tx, { userId: id, email: data.email, name, role: data.role, invitedBy: principal.actor.label });
    }
    await recordAudit(tx, principal.actor, {
      action: hashed ? "staff.create" : "staff.invite",
      targetType: "staff_user",
      targetId: id,
      after: { email: data.email, name, role: data.role, withPassword: Boolean(hashed) },
    });
    return { id, email: data.email, role: data.role, ...(link ? { inviteUrl: link } : {}) };
  });
}

/** Writes the invite (hash only) and its email in the caller's transaction; returns the link. */
export async function issueInvite(
  tx: DbClient,
  who: { userId: string; email: string; name: string; role: string; invitedBy: string },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const identifier = inviteIdentifier(token);
  await tx.verification.create({
    data: { id: randomUUID(), identifier, value: who.userId, expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000) },
  });
  const link = inviteUrl(token);
  // The email carries a link of its own, issued when it is sent (issueInviteTokens): this
  // one is shown once, to the admin, and never stored.
  await enqueueEmail(tx, {
    dedupeKey: identifier,
    kind: "staff_invite",
    to: who.email,
    subject: "You are invited to the Recovery Portal staff console",
    payload: { name: who.name, role: who.role, invitedBy: who.invitedBy, expiresInDays: INVITE_DAYS },
  });
  return link;
}

/**
 * For the mail worker: a new invite link for each address of a staff member who is not
 * disabled, in one statement (only the hashes are stored). Returns address -> link.
 */
export async function issueInviteTokens(driver: Pick<Driver, "query">, emails: string[]): Promise<Map<string, string>> {
  const tokens = emails.map(() => randomBytes(32).toString("base64url"));
  const issued = await driver.query<{ email: string; identifier: string }>(
    `WITH "t" AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t("email", "identifier")),
     "issued" AS (
       INSERT INTO "verification" ("id", "identifier", "value", "expires_at")
       SELECT gen_random_uuid()::text, t."identifier", u."id", now() + make_interval(days => $3::int)
       FROM "t" JOIN "staff_user" u ON u."email" = t."email" AND NOT u."banned"
       RETURNING "identifier"
     )
     SELECT t."email", t."identifier" FROM "issued" i JOIN "t" ON t."identifier" = i."identifier"`,
    [emails, tokens.map(inviteIdentifier), INVITE_DAYS],
  );
  const byIdentifier = new Map(tokens.map((t) => [inviteIdentifier(t), t]));
  return new Map(issued.map((i) => [i.email, inviteUrl(byIdentifier.get(i.identifier)!)]));
}
