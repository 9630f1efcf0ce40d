import type { DbClient } from "../db";
import type { CaseMessageKind, CaseState, EmailKind, EmailStatus, ImpactState, IncidentStatus } from "../generated/prisma/enums";
import { maskEmail } from "../format";
import { resolveLookupToken } from "./resolve-lookup-token";

export interface AccountCategoryStatus {
  /** For a "something is missing" report about this category. */
  categoryId: number;
  key: string;
  label: string;
  state: ImpactState;
  itemsTotal: number;
  itemsRestored: number;
  updatedAt: Date;
  /** Plain words: what happens next for data in this state. */
  next: string;
}

export interface AccountIncidentStatus {
  slug: string;
  title: string;
  status: IncidentStatus;
  /** What the company offers for data that cannot be recovered. */
  remedy: string;
  categories: AccountCategoryStatus[];
}

export interface AccountStatus {
  account: { externalRef: string; displayName: string; maskedEmail: string; updatesOptOut: boolean };
  link: { expiresAt: Date };
  incidents: AccountIncidentStatus[];
  emails: { kind: EmailKind; subject: string; status: EmailStatus; createdAt: Date; sentAt: Date | null }[];
  /** The account's support cases, newest first, with the messages the customer may read (never internal notes). */
  cases: AccountCase[];
}

export interface AccountCase {
  id: number;
  state: CaseState;
  categoryLabel: string;
  incidentTitle: string;
  missing: string;
  itemsExpected: number | null;
  createdAt: Date;
  messages: { id: number; kind: Exclude<CaseMessageKind, "note">; body: string; createdAt: Date }[];
}

/** What the customer may read of a case: their own messages and support's replies. */
const customerVisibleKinds = ["report", "customer", "reply"] as const satisfies readonly CaseMessageKind[];

const nextStep: Record<ImpactState, string> = {
  pending: "Waiting its turn: restores go category by category. We will email you when it is back.",
  restoring: "Being restored now. We will email you when it is finished.",
  restored: "Back on our servers. Your device picks it up the next time it syncs.",
  partial: "Part of it is back; the rest could not be recovered. The offer below applies.",
  unrecoverable: "We could not recover this data. The offer below applies.",
  not_affected: "Not affected by this incident: nothing to do.",
};

/** Everything the private account page shows. Read-only (link scanners change nothing). */
export async function getAccountStatus(db: DbClient, token: string, now: Date = new Date()): Promise<AccountStatus> {
  const link = await resolveLookupToken(db, token, now);
  const [account, impacts, emails, cases] = await Promise.all([
    db.account.findUniqueOrThrow({
      where: { id: link.accountId },
      select: { externalRef: true, displayName: true, email: true, updatesOptOut: true },
    }),
    db.impact.findMany({
      where: { accountId: link.accountId, incident: { publishedAt: { not: null } } },
      select: {
        state: true,
        itemsTotal: true,
        itemsRestored: true,
        updatedAt: true,
        category: { select: { id: true, key: true, label: true, position: true } },
        incident: { select: { id: true, slug: true, title: true, status: true, remedy: true, startedAt: true } },
      },
    }),
    db.emailOutbox.findMany({
      where: { accountId: link.accountId },
      select: { kind: true, subject: true, status: true, createdAt: true, sentAt: true },
      orderBy: { createdAt: "desc" },
      take: 50,
    }),
    db.supportCase.findMany({
      where: { accountId: link.accountId },
      orderBy: { id: "desc" },
      take: 20,
      select: {
        id: true,
        state: true,
        missing: true,
        itemsExpected: true,
        createdAt: true,
        category: { select: { label: true } },
        incident: { select: { title: true } },
        messages: { where: { kind: { in: [...customerVisibleKinds] } }, orderBy: { id: "asc" }, take: 100, select: { id: true, kind: true, body: true, createdAt: true } },
      },
    }),
  ]);

  const byIncident = new Map<string, AccountIncidentStatus & { startedAt: Date; positions: number[] }>();
  for (const impact of impacts) {
    let incident = byIncident.get(impact.incident.id);
    if (!incident) {
      const { id: _id, ...rest } = impact.incident;
      incident = { ...rest, categories: [], positions: [] };
      byIncident.set(impact.incident.id, incident);
    }
    incident.categories.push({
      categoryId: impact.category.id,
      key: impact.category.key,
      label: impact.category.label,
      state: impact.state,
      itemsTotal: impact.itemsTotal,
      itemsRestored: impact.itemsRestored,
      updatedAt: impact.updatedAt,
      next: nextStep[impact.state],
    });
    incident.positions.push(impact.category.position);
  }
  const incidents = [...byIncident.values()]
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    .map(({ startedAt: _s, positions, categories, ...incident }) => ({
      ...incident,
      categories: categories
        .map((c, i) => ({ c, p: positions[i] ?? 0 }))
        .sort((a, b) => a.p - b.p)
        .map(({ c }) => c),
    }));

  return {
    account: {
      externalRef: account.externalRef,
      displayName: account.displayName,
      maskedEmail: maskEmail(account.email),
      updatesOptOut: account.updatesOptOut,
    },
    link: { expiresAt: link.expiresAt },
    incidents,
    emails,
    cases: cases.map(({ category, incident, messages, ...c }) => ({
      ...c,
      categoryLabel: category.label,
      incidentTitle: incident.title,
      // The query asked for the customer-visible kinds only; the filter states it again for the type.
      messages: messages.filter((m): m is typeof m & { kind: Exclude<CaseMessageKind, "note"> } => m.kind !== "note"),
    })),
  };
}
