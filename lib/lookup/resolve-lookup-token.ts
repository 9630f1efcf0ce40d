import type { DbClient } from "../db";
import { AppError } from "../errors";
import { hashToken, randomTokenPattern } from "../tokens";

export type LookupTokenProblem = "unknown" | "expired" | "revoked";

export interface ResolvedLookupToken {
  tokenId: string;
  accountId: number;
  expiresAt: Date;
}

/**
 * The account behind a private link, or an AppError: NOT_FOUND for a malformed or
 * unknown token, GONE for an expired or revoked one (details.reason says which).
 * Read-only: opening a link changes nothing.
 */
export async function resolveLookupToken(db: DbClient, token: string, now: Date = new Date()): Promise<ResolvedLookupToken> {
  if (!randomTokenPattern.test(token)) throw lookupProblem("unknown");
  const row = await db.lookupToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, accountId: true, expiresAt: true, revokedAt: true },
  });
  if (!row) throw lookupProblem("unknown");
  checkLookupLink(row, now);
  return { tokenId: row.id, accountId: row.accountId, expiresAt: row.expiresAt };
}

/** GONE when a found link was switched off or has expired (revoked wins: it says more). */
export function checkLookupLink(link: { revokedAt: Date | null; expiresAt: Date }, now: Date): void {
  if (link.revokedAt) throw lookupProblem("revoked");
  if (new Date(link.expiresAt).getTime() <= now.getTime()) throw lookupProblem("expired");
}

export function lookupProblem(reason: LookupTokenProblem): AppError {
  if (reason === "unknown") return new AppError("NOT_FOUND", "This link is not valid.", { reason });
  return new AppError("GONE", reason === "expired" ? "This link has expired." : "This link has been switched off.", { reason });
}

export function lookupTokenProblem(error: unknown): LookupTokenProblem | null {
  if (!(error instanceof AppError) || (error.code !== "NOT_FOUND" && error.code !== "GONE")) return null;
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return reason === "unknown" || reason === "expired" || reason === "revoked" ? reason : null;
}
