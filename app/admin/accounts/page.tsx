import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { searchAccounts, searchAccountsSchema } from "@/lib/accounts/search-accounts";

export const dynamic = "force-dynamic";

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaffPage("accounts:read");
  const params = await searchParams;
  const input = searchAccountsSchema.safeParse({ q: first(params.q), page: first(params.page) });
  const result = await searchAccounts(await prisma(), input.success ? input.data : {});
  const pageHref = (page: number) => `/admin/accounts?${new URLSearchParams({ q: result.q, page: String(page) })}`;
  return (
    <main id="main" className="container">
      <h1>Accounts</h1>
      <form method="get" action="/admin/accounts" role="search" className="card">
        <label htmlFor="q">Email, account reference or name (starts with)</label>{" "}
        <input id="q" name="q" type="search" defaultValue={result.q} autoComplete="off" />{" "}
        <button type="submit">Search</button>{" "}
        <Link href="/admin/accounts/bulk">Change many accounts at once</Link>
      </form>
      {result.hits.length === 0 ? (
        <p className="card">{result.q ? `No account starts with “${result.q}”.` : "No accounts yet. Import them on the Imports page."}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="muted">{result.q ? `Accounts matching “${result.q}”` : "All accounts by reference"}, page {result.page}</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Locale</th>
                <th scope="col">Matched on</th>
              </tr>
            </thead>
            <tbody>
              {result.hits.map((hit) => (
                <tr key={hit.id}>
                  <td>
                    <Link href={`/admin/accounts/${hit.id}`}>{hit.externalRef}</Link>
                  </td>
                  <td>{hit.displayName}</td>
                  <td>{hit.email}</td>
                  <td>{hit.locale}</td>
                  <td>{hit.matchedOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages">
        {result.page > 1 ? <Link href={pageHref(result.page - 1)}>Previous page</Link> : null}{" "}
        {result.hasMore ? <Link href={pageHref(result.page + 1)}>Next page</Link> : null}
      </nav>
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
