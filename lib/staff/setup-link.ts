import { randomUUID } from "node:crypto";
import type { DbClient } from "../db";
import { publicUrl } from "../env";
import { hashToken, newRandomToken, randomTokenPattern } from "../tokens";

/**
 * A production install has no known password: with no staff at all, `npm start` prints a
 * one-time setup link whose page creates the first admin (create-first-admin.ts). The
 * token is random (256 bits); only its SHA-256 is stored, in the verification table; it
 * works once, expires after SETUP_LINK_HOURS, and each start that prints a new link
 * retires the previous one. Once any staff member exists no link is issued or accepted.
 */
export const SETUP_LINK_HOURS = 24;
export const setupIdentifierPrefix = "staff-setup:";

export function setupIdentifier(token: string): string {
  return setupIdentifierPrefix + hashToken(token);
}

export function setupUrl(token: string): string {
  return `${publicUrl()}/admin/setup/${token}`;
}

export async function hasStaff(db: DbClient): Promise<boolean> {
  return (await db.staffUser.findFirst({ select: { id: true } })) !== null;
}

/** A fresh setup link when there is no staff member yet (older links stop working); null otherwise. */
export async function issueSetupLink(db: DbClient, now = new Date()): Promise<{ url: string; expiresAt: Date } | null> {
  if (await hasStaff(db)) return null;
  const token = newRandomToken();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS * 3_600_000);
  await db.verification.deleteMany({ where: { identifier: { startsWith: setupIdentifierPrefix } } });
  await db.verification.create({ data: { id: randomUUID(), identifier: setupIdentifier(token), value: "first-admin", expiresAt } });
  return { url: setupUrl(token), expiresAt };
}

/** Whether this setup token still creates the first admin: known, unexpired, and no staff yet. */
export async function setupLinkIsValid(db: DbClient, token: string, now = new Date()): Promise<boolean> {
  if (!randomTokenPattern.test(token)) return false;
  const row = await db.verification.findFirst({ where: { identifier: setupIdentifier(token), expiresAt: { gt: now } }, select: { id: true } });
  return row !== null && !(await hasStaff(db));
}
