import { getAccountDetail, type AccountDetail } from "../accounts/get-account-detail";
import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { CaseMessageKind, CaseState, ImpactState } from "../generated/prisma/enums";

/** One case for support: the report, every message (notes included), and the account's record (history and emails). */
export interface CaseDetail {
  id: number;
  state: CaseState;
  createdAt: Date;
  /** Seconds since the report. */
  ageSeconds: number;
  updatedAt: Date;
  resolvedAt: Date | null;
  missing: string;
  itemsExpected: number | null;
  contact: string;
  incident: { id: string; title: string; slug: string };
  category: { id: number; key: string; label: string };
  /** The category's recovery state now. */
  impact: { state: ImpactState; itemsTotal: number; itemsRestored: number } | null;
  assignee: { id: string; email: string } | null;
  messages: { id: number; kind: CaseMessageKind; body: string; createdAt: Date; author: string | null }[];
  account: AccountDetail;
}

export async function getCase(db: DbClient, caseId: number, now: Date = new Date()): Promise<CaseDetail> {
  const found = await db.supportCase.findUnique({
    where: { id: caseId },
    select: {
      id: true,
      state: true,
      createdAt: true,
      updatedAt: true,
      resolvedAt: true,
      missing: true,
      itemsExpected: true,
      contact: true,
      accountId: true,
      incident: { select: { id: true, title: true, slug: true } },
      category: { select: { id: true, key: true, label: true } },
      assignee: { select: { id: true, email: true } },
      messages: { orderBy: { id: "asc" }, select: { id: true, kind: true, body: true, createdAt: true, author: { select: { email: true } } } },
    },
  });
  if (!found) throw new AppError("NOT_FOUND", "No such case.");
  const [account, impact] = await Promise.all([
    getAccountDetail(db, found.accountId),
    db.impact.findUnique({
      where: { accountId_categoryId: { accountId: found.accountId, categoryId: found.category.id } },
      select: { state: true, itemsTotal: true, itemsRestored: true },
    }),
  ]);
  const { accountId: _a, messages, ...rest } = found;
  return { ...rest, ageSeconds: Math.max(0, (now.getTime() - rest.createdAt.getTime()) / 1000), impact, account, messages: messages.map(({ author, ...m }) => ({ ...m, author: author?.email ?? null })) };
}
