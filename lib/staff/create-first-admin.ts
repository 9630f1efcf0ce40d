import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit } from "../audit/record-audit";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { hasStaff, setupIdentifier, setupIdentifierPrefix } from "./setup-link";
import { createFirstAdminSchema, type CreateFirstAdminInput } from "./staff-schemas";

const notValid = "This setup link is not valid any more: it was used, replaced by a newer one or has expired. Restart the portal for a new one, or run `npm run cli -- create-staff`.";

/**
 * The setup link's page: creates the first admin and spends the link. Serialised by an
 * advisory lock, so two browsers racing on one link (or two links) make one admin.
 * An unknown, expired or used link, or any existing staff member, changes nothing.
 */
export async function createFirstAdmin(db: Prisma, input: CreateFirstAdminInput, ip: string | null = null): Promise<{ id: string; email: string }> {
  const data = createFirstAdminSchema.parse(input);
  const hashed = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('staff-setup'))::text`);
    const spent = await tx.verification.deleteMany({ where: { identifier: setupIdentifier(data.token), expiresAt: { gt: new Date() } } });
    if (spent.count !== 1 || (await hasStaff(tx))) throw new AppError("GONE", notValid);
    await tx.verification.deleteMany({ where: { identifier: { startsWith: setupIdentifierPrefix } } });
    const id = randomUUID();
    const name = data.name || data.email.split("@")[0] || data.email;
    await tx.staffUser.create({ data: { id, email: data.email, name, role: "admin", emailVerified: true } });
    await tx.staffCredential.create({
      data: { id: randomUUID(), userId: id, accountId: id, providerId: "credential", password: hashed },
      select: { id: true },
    });
    await recordAudit(
      tx,
      { type: "staff", id, label: data.email, ip },
      { action: "staff.setup_first_admin", targetType: "staff_user", targetId: id, after: { email: data.email, name, role: "admin" } },
    );
    return { id, email: data.email };
  });
}
