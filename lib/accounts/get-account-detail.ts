import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { ActorType, EmailKind, EmailStatus, ImpactState } from "../generated/prisma/enums";

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
  history: {
    id: number;
    at: Date;
    category: string;
    fromState: ImpactState | null;
    toState: ImpactState;
    itemsRestored: number | null;
    itemsTotal: number | null;
    actorType: ActorType;
    actorId: string | null;
    /** Who, in words: a staff email, an API key's name, an import's file name. */
    actorLabel: string;
    note: string | null;
  }[];
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

  const events = await db.restoreEvent.findMany({
    where: { accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: maxHistoryEvents + 1,
  });
  const categoryIds = [...new Set(events.map((e) => e.categoryId))];
  const ids = (type: ActorType) => [...new Set(events.filter((e) => e.actorType === type && e.actorId).map((e) => e.actorId!))];
  const uuidLike = (id: string) => /^[0-9a-f-]{36}$/i.test(id);
  const [categories, staff, keys, imports, emails] = await Promise.all([
    db.dataCategory.findMany({ where: { id: { in: categoryIds } }, select: { id: true, label: true } }),
    db.staffUser.findMany({ where: { id: { in: ids("staff") } }, select: { id: true, email: true } }),
    db.apiKey.findMany({ where: { id: { in: ids("api_key").filter(uuidLike) } }, select: { id: true, name: true } }),
    db.importJob.findMany({ where: { id: { in: ids("import").filter(uuidLike) } }, select: { id: true, fileName: true } }),
    db.emailOutbox.findMany({
      where: { accountId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { id: true, kind: true, subject: true, toAddress: true, status: true, attempts: true, lastError: true, createdAt: true, nextAttemptAt: true, sentAt: true },
    }),
  ]);
  const labels = new Map<string, string>([
    ...staff.map((s) => [`staff:${s.id}`, s.email] as const),
    ...keys.map((k) => [`api_key:${k.id}`, `API key ${k.name}`] as const),
    ...imports.map((i) => [`import:${i.id}`, `import of ${i.fileName}`] as const),
  ]);
  const categoryLabel = new Map(categories.map((c) => [c.id, c.label]));

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
    history: events.slice(0, maxHistoryEvents).map((e) => ({
      id: e.id,
      at: e.createdAt,
      category: categoryLabel.get(e.categoryId) ?? `category ${e.categoryId}`,
      fromState: e.fromState,
      toState: e.toState,
      itemsRestored: e.itemsRestored,
      itemsTotal: e.itemsTotal,
      actorType: e.actorType,
      actorId: e.actorId,
      actorLabel: labels.get(`${e.actorType}:${e.actorId}`) ?? (e.actorType === "system" ? `system${e.actorId ? ` (${e.actorId})` : ""}` : `${e.actorType} ${e.actorId ?? ""}`.trim()),
      note: e.note,
    })),
    historyTruncated: events.length > maxHistoryEvents,
    emails,
  };
}
