import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { EmailKind, EmailStatus, ImpactState } from "../generated/prisma/enums";
import { readRestoreHistory, type RestoreHistoryRow } from "./read-restore-history";

/**
 * Everything support needs about one account on one page: per-category state and
 * item counts, the whole restore history with who did it, and every email queued for
 * it with its delivery state. A handful of indexed reads, whatever the table sizes.
 */
export const maxHistoryEvents = 500;

export interface AccountDetail {
  id: number;
  externalRef: string;
  email: string;
  displayName: string;
  locale: string;
  createdAt: Date;
  categories: {
    categoryId: number;
    key: string;
    label: string;
    incidentTitle: string;
    state: ImpactState;
    itemsTotal: number;
    itemsRestored: number;
    updatedAt: Date;
  }[];
  history: RestoreHistoryRow[];
  historyTruncated: boolean;
  emails: {
    id: number;
    kind: EmailKind;
    subject: string;
    toAddress: string;
    status: EmailStatus;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
    nextAttemptAt: Date;
    sentAt: Date | null;
  }[];
}

export async function getAccountDetail(db: DbClient, accountId: number): Promise<AccountDetail> {
  const account = await db.account.findUnique({
    where: { id: accountId },
    include: {
      impacts: {
        include: { category: { select: { key: true, label: true, position: true } }, incident: { select: { title: true } } },
        orderBy: [{ incidentId: "asc" }, { category: { position: "asc" } }],
      },
    },
  });
  if (!account) throw new AppError("NOT_FOUND", "No such account.");

  const [history, emails] = await Promise.all([
    readRestoreHistory(db, accountId, { limit: maxHistoryEvents, order: "newest" }),
    db.emailOutbox.findMany({
      where: { accountId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { id: true, kind: true, subject: true, toAddress: true, status: true, attempts: true, lastError: true, createdAt: true, nextAttemptAt: true, sentAt: true },
    }),
  ]);

  return {
    id: account.id,
    externalRef: account.externalRef,
    email: account.email,
    displayName: account.displayName,
    locale: account.locale,
    createdAt: account.createdAt,
    categories: account.impacts.map((i) => ({
      categoryId: i.categoryId,
      key: i.category.key,
      label: i.category.label,
      incidentTitle: i.incident.title,
      state: i.state,
      itemsTotal: i.itemsTotal,
      itemsRestored: i.itemsRestored,
      updatedAt: i.updatedAt,
    })),
    history: history.rows,
    historyTruncated: history.truncated,
    emails,
  };
}
