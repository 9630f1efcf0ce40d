import { z } from "zod";
import type { DbClient } from "../db";
import type { CaseState } from "../generated/prisma/enums";
import { caseStateSchema } from "./case-schemas";

/**
 * The support queue: cases by incident, category (key, across incidents), state, age
 * ("older than N hours") and assignee ("me", "none" or a staff id), oldest first: the
 * customer who has waited longest comes first. Bounded (a page of 100), on the
 * (state, created_at) index.
 */
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const caseFilterSchema = z.object({
  incidentId: z.preprocess(blankToUndefined, z.uuid().optional()),
  categoryKey: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  /** "active" (the default): open or waiting on the customer; "all": every state. */
  state: z.preprocess(blankToUndefined, z.union([caseStateSchema, z.enum(["active", "all"])]).default("active")),
  olderThanHours: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(100_000).optional()),
  assignee: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
});
export type CaseFilter = z.input<typeof caseFilterSchema>;

export interface CaseQueueRow {
  id: number;
  state: CaseState;
  createdAt: Date;
  updatedAt: Date;
  /** Seconds since the report. */
  ageSeconds: number;
  missing: string;
  itemsExpected: number | null;
  account: { id: number; externalRef: string; displayName: string };
  category: { key: string; label: string };
  incident: { id: string; title: string };
  assignee: { id: string; email: string } | null;
  messages: number;
}

export const caseQueuePageSize = 100;

export async function listCases(db: DbClient, filter: CaseFilter, viewerId: string | null, now: Date = new Date()): Promise<CaseQueueRow[]> {
  const f = caseFilterSchema.parse(filter);
  const states: CaseState[] | undefined = f.state === "all" ? undefined : f.state === "active" ? ["open", "waiting_on_customer"] : [f.state];
  const assigneeId = f.assignee === "me" ? (viewerId ?? "-") : f.assignee === "none" ? null : f.assignee;
  const rows = await db.supportCase.findMany({
    where: {
      ...(states ? { state: { in: states } } : {}),
      ...(f.incidentId ? { incidentId: f.incidentId } : {}),
      ...(f.categoryKey ? { category: { key: f.categoryKey } } : {}),
      ...(f.olderThanHours !== undefined ? { createdAt: { lte: new Date(now.getTime() - f.olderThanHours * 3_600_000) } } : {}),
      ...(f.assignee !== undefined ? { assigneeId } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: caseQueuePageSize,
    select: {
      id: true,
      state: true,
      createdAt: true,
      updatedAt: true,
      missing: true,
      itemsExpected: true,
      account: { select: { id: true, externalRef: true, displayName: true } },
      category: { select: { key: true, label: true } },
      incident: { select: { id: true, title: true } },
      assignee: { select: { id: true, email: true } },
      _count: { select: { messages: true } },
    },
  });
  return rows.map(({ _count, ...r }) => ({ ...r, ageSeconds: Math.max(0, (now.getTime() - r.createdAt.getTime()) / 1000), messages: _count.messages }));
}

/** Who a case can be assigned to: staff who may work cases. */
export async function listCaseAssignees(db: DbClient): Promise<{ id: string; email: string; name: string }[]> {
  return db.staffUser.findMany({ where: { role: { in: ["admin", "support"] }, banned: false }, orderBy: { email: "asc" }, select: { id: true, email: true, name: true } });
}
