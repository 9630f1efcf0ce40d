import type { DbClient } from "../db";
import { resolveLookupToken } from "./resolve-lookup-token";

/**
 * The two writes a private link allows, each behind a POST (never a GET):
 * opting out of incident updates (restore notices are still sent once) and switching
 * the link off.
 */
export async function setUpdatesOptOut(db: DbClient, token: string, optOut: boolean, now: Date = new Date()): Promise<void> {
  const link = await resolveLookupToken(db, token, now);
  await db.account.update({ where: { id: link.accountId }, data: { updatesOptOut: optOut } });
  await db.lookupToken.update({ where: { id: link.tokenId }, data: { lastUsedAt: now } });
}

/** Switches off this link, or every link of its account (a forwarded link, for example). */
export async function revokeLookupLink(
  db: DbClient,
  token: string,
  options: { allForAccount?: boolean; now?: Date } = {},
): Promise<{ revoked: number }> {
  const now = options.now ?? new Date();
  const link = await resolveLookupToken(db, token, now);
  const result = await db.lookupToken.updateMany({
    where: options.allForAccount ? { accountId: link.accountId, revokedAt: null } : { id: link.tokenId },
    data: { revokedAt: now },
  });
  return { revoked: result.count };
}
