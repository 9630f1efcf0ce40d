import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { caseNumber, caseStates, staffCaseStateLabels } from "@/lib/cases/case-schemas";
import { caseFilterSchema, caseQueuePageSize, listCaseAssignees, listCases } from "@/lib/cases/list-cases";
import { prisma } from "@/lib/db";
import { formatAge, formatInteger } from "@/lib/format";
import { listIncidentsForConsole } from "@/lib/incidents/list-incidents";

export const dynamic = "force-dynamic";

const ages = [
  { value: "", label: "any age" },
  { value: "1", label: "older than 1 hour" },
  { value: "24", label: "older than 24 hours" },
  { value: "72", label: "older than 3 days" },
  { value: "168", label: "older than 7 days" },
];

/** The support queue: customers' "something is missing" reports, oldest first, filtered. */
export default async function CasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("cases:read");
  const q = await searchParams;
  const text = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : "");
  const db = await prisma();
  const parsed = caseFilterSchema.safeParse({
    incidentId: text("incidentId"),
    categoryKey: text("categoryKey"),
    state: text("state"),
    olderThanHours: text("olderThanHours"),
    assignee: text("assignee"),
  });
  const filter = parsed.success ? parsed.data : {};
  const [cases, incidents, assignees, categories] = await Promise.all([
    listCases(db, filter, staff.id),
    listIncidentsForConsole(db),
    listCaseAssignees(db),
    db.dataCategory.findMany({ orderBy: { position: "asc" }, select: { key: true, label: true }, distinct: ["key"] }),
  ]);
  return (
    <main id="main" className="container">
      <h1>Support cases</h1>
      <p>
        Reports customers sent from their private page. <Link href="/admin/cases/dashboard">Reports per category per day, and the bulk step</Link>
      </p>
      {!parsed.success ? <p className="notice error">Some filters were not understood and are ignored.</p> : null}
      <form method="get" action="/admin/cases" className="card" role="search" aria-label="Filter cases">
        <p>
          <label htmlFor="incidentId">Incident</label>{" "}
          <select id="incidentId" name="incidentId" defaultValue={text("incidentId")}>
            <option value="">every incident</option>
            {incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="categoryKey">Category</label>{" "}
          <select id="categoryKey" name="categoryKey" defaultValue={text("categoryKey")}>
            <option value="">every category</option>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="state">State</label>{" "}
          <select id="state" name="state" defaultValue={text("state") || "active"}>
            <option value="active">open or waiting</option>
            {caseStates.map((s) => (
              <option key={s} value={s}>
                {staffCaseStateLabels[s]}
              </option>
            ))}
            <option value="all">every state</option>
          </select>{" "}
          <label htmlFor="olderThanHours">Age</label>{" "}
          <select id="olderThanHours" name="olderThanHours" defaultValue={text("olderThanHours")}>
            {ages.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="assignee">Assignee</label>{" "}
          <select id="assignee" name="assignee" defaultValue={text("assignee")}>
            <option value="">anyone</option>
            <option value="me">me</option>
            <option value="none">nobody</option>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.email}
              </option>
            ))}
          </select>{" "}
          <button type="submit">Filter</button>
        </p>
      </form>
      {cases.length === 0 ? (
        <p className="card">No case matches.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="case-queue">
            <caption className="muted">
              {formatInteger(cases.length)} case{cases.length === 1 ? "" : "s"}, oldest first
              {cases.length === caseQueuePageSize ? ` (the first ${caseQueuePageSize}: narrow the filter to see others)` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Age</th>
                <th scope="col">Account</th>
                <th scope="col">Category</th>
                <th scope="col">What is missing</th>
                <th scope="col">State</th>
                <th scope="col">Assignee</th>
                <th scope="col">Messages</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id} data-case-state={c.state}>
                  <td>
                    <Link href={`/admin/cases/${c.id}`}>{caseNumber(c.id)}</Link>
                  </td>
                  <td>{formatAge(c.ageSeconds)}</td>
                  <td>
                    {c.account.displayName} <span className="muted">({c.account.externalRef})</span>
                  </td>
                  <td>{c.category.label}</td>
                  <td>
                    {c.missing}
                    {c.itemsExpected !== null ? <span className="muted"> · expected {formatInteger(c.itemsExpected)}</span> : null}
                  </td>
                  <td>
                    <span className={`badge case-${c.state}`}>{staffCaseStateLabels[c.state]}</span>
                  </td>
                  <td>{c.assignee?.email ?? <span className="muted">nobody</span>}</td>
                  <td>{formatInteger(c.messages)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
