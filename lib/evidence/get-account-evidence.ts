import type { DbClient } from "../db";
import { AppError } from "../errors";
import { readRestoreHistory, type RestoreHistoryRow } from "../accounts/read-restore-history";
import type { EmailKind, EmailStatus } from "../generated/prisma/enums";

/**
 * Proof of notice for one account (the printable page /admin/accounts/[id]/evidence):
 * every notice queued for it, with what it was (kind, language, subject, template
 * version), when it was queued and sent, the provider's message id, attempts and final
 * status; every private link with when its page was first and last seen; every state
 * change; every remedy it qualified for, with the email that announced it and its claim. Bounded (`limit` rows of each, the newest if there are more, and says so).
 */
export const evidenceLimit = 5_000;

export interface AccountEvidence {
  account: { id: number; externalRef: string; email: string; displayName: string; locale: string; createdAt: Date };
  generatedAt: Date;
  notices: {
    id: number;
    kind: EmailKind;
    toAddress: string;
    language: string | null;
    subject: string;
    templateVersion: string | null;
    queuedAt: Date;
    sentAt: Date | null;
    providerMessageId: string | null;
    attempts: number;
    status: EmailStatus;
    lastError: string | null;
  }[];
  noticesTruncated: boolean;
  links: { createdAt: Date; expiresAt: Date; revokedAt: Date | null; firstOpenedAt: Date | null; lastOpenedAt: Date | null }[];
  firstOpenedAt: Date | null;
  lastOpenedAt: Date | null;
  changes: RestoreHistoryRow[];
  changesTruncated: boolean;
  remedies: { ruleId: number; name: string; incidentTitle: string; qualifies: boolean; qualifiedAt: Date; announcedAt: Date | null; announcedEmailId: number | null; claimedAt: Date | null; claimReference: string | null }[];
}

export async function getAccountEvidence(db: DbClient, accountId: number, now: Date = new Date()): Promise<AccountEvidence> {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { id: true, externalRef: true, email: true, displayName: true, locale: true, createdAt: true },
  });
  if (!account) throw new AppError("NOT_FOUND", "No such account.");
  const [notices, links, history, remedies] = await Promise.all([
    db.emailOutbox.findMany({
      where: { accountId },
      orderBy: { id: "asc" },
      take: evidenceLimit + 1,
      select: {
        id: true, kind: true, toAddress: true, language: true, subject: true, templateVersion: true, createdAt: true,
        sentAt: true, providerMessageId: true, attempts: true, status: true, lastError: true,
      },
    }),
    db.lookupToken.findMany({
      where: { accountId },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true, expiresAt: true, revokedAt: true, firstOpenedAt: true, lastOpenedAt: true },
    }),
    readRestoreHistory(db, accountId, { limit: evidenceLimit, order: "oldest" }),
    db.remedyEligibility.findMany({
      where: { accountId },
      orderBy: { ruleId: "asc" },
      select: {
        ruleId: true, qualifies: true, qualifiedAt: true, announcedAt: true, announcedEmailId: true, claimedAt: true, claimReference: true,
        rule: { select: { name: true, incident: { select: { title: true } } } },
      },
    }),
  ]);
  const opened = links.flatMap((l) => [l.firstOpenedAt, l.lastOpenedAt]).filter((d): d is Date => d !== null).map((d) => d.getTime());
  return {
    account,
    generatedAt: now,
    notices: notices.slice(0, evidenceLimit).map(({ createdAt, ...n }) => ({ ...n, queuedAt: createdAt })),
    noticesTruncated: notices.length > evidenceLimit,
    links,
    firstOpenedAt: opened.length ? new Date(Math.min(...opened)) : null,
    lastOpenedAt: opened.length ? new Date(Math.max(...opened)) : null,
    changes: history.rows,
    changesTruncated: history.truncated,
    remedies: remedies.map(({ rule, ...r }) => ({ ...r, name: rule.name, incidentTitle: rule.incident.title })),
  };
}
