import Link from "next/link";
import { bulkFilterSchema, countBulkChange } from "@/lib/accounts/bulk-change-state";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { ImpactState } from "@/lib/generated/prisma/enums";
import { bulkChangeStateAction } from "../actions";

export const dynamic = "force-dynamic";

const states = Object.values(ImpactState);
const stateLabel = (s: string) => s.replace("_", " ");

/**
 * Step 1 (GET with a filter): how many accounts it matches. Step 2 (the confirmation
 * form, which carries that count): the change, refused if the count has moved.
 */
export default async function BulkChangePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaffPage("accounts:write");
  const q = await searchParams;
  const text = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : "");
  const db = await prisma();
  const categories = await db.dataCategory.findMany({ orderBy: [{ incident: { startedAt: "desc" } }, { position: "asc" }], select: { key: true, label: true }, distinct: ["key"] });
  const toState = states.includes(text("toState") as ImpactState) ? text("toState") : "restoring";
  const filter = bulkFilterSchema.safeParse({ categoryKey: text("categoryKey"), fromState: text("fromState") });
  let preview: Awaited<ReturnType<typeof countBulkChange>> | null = null;
  let previewError: string | null = null;
  if (filter.success && !text("done")) {
    try {
      preview = await countBulkChange(db, filter.data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      previewError = error.message;
    }
  }
  return (
    <main id="main" className="container">
      <p>
        <Link href="/admin/accounts">Accounts</Link>
      </p>
      <h1>Change many accounts at once</h1>
      {text("error") ? (
        <p className="notice" role="alert">
          {text("error")}
        </p>
      ) : null}
      {text("done") ? (
        <p className="notice" role="status">
          Done: {formatInteger(Number(text("done")))} accounts changed, each with its own history entry.
        </p>
      ) : null}
      <form method="get" action="/admin/accounts/bulk" className="card">
        <p>
          <label htmlFor="categoryKey">Category</label>{" "}
          <select id="categoryKey" name="categoryKey" defaultValue={text("categoryKey")}>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="fromState">now in state</label>{" "}
          <select id="fromState" name="fromState" defaultValue={text("fromState") || "pending"}>
            {states.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="toState">move to</label>{" "}
          <select id="toState" name="toState" defaultValue={toState}>
            {states.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>{" "}
          <button type="submit">Count accounts</button>
        </p>
      </form>
      {previewError ? <p className="notice">{previewError}</p> : null}
      {preview ? (
        <form action={bulkChangeStateAction} className="card">
          <h2>Confirm</h2>
          <p>
            <strong>{formatInteger(preview.count)}</strong> accounts have {preview.category.label.toLowerCase()} in state {stateLabel(preview.fromState)}. They
            will move to {stateLabel(toState)}.
          </p>
          <input type="hidden" name="incidentId" value={preview.category.incidentId} />
          <input type="hidden" name="categoryKey" value={preview.category.key} />
          <input type="hidden" name="fromState" value={preview.fromState} />
          <input type="hidden" name="toState" value={toState} />
          <input type="hidden" name="expectedCount" value={preview.count} />
          <p>
            <label htmlFor="note">Note (shown in each account&apos;s history)</label>{" "}
            <input id="note" name="note" required maxLength={1000} size={50} />
          </p>
          <button type="submit" disabled={preview.count === 0 || toState === preview.fromState}>
            Change {formatInteger(preview.count)} accounts
          </button>
        </form>
      ) : null}
    </main>
  );
}
