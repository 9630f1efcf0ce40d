/**
 * `npm run bench:account`: the crowd after the restore email (issue 13).
 *
 * Every customer clicks the private link in their email, so the private account page gets
 * a crowd as large as the status page's, and it cannot be cached. On PostgreSQL seeded
 * with BENCH_ACCOUNTS accounts (default 1,000,000 x 6 categories, reused after), this
 * issues BENCH_TOKENS real private links (default 20,000, one per random account, hashed
 * as the app stores them), then loads, in one run of the production server:
 *   - `/about` (a page Next prerendered and answers itself per request: the ceiling of a Next answer here);
 *   - `/account/<token>` with a different valid token on every request, at 50 and 200;
 *   - `/account/<random token>` (404), alone and at the same time as real customers;
 *   - the rest of the customer path: GET /lookup, POST /lookup/request (padded by sleep,
 *     each customer from their own address through X-Forwarded-For, TRUST_PROXY=1; rate
 *     limited per address and per email: 303 or 429 are both answers), the unsubscribe page,
 *     and the private page's "stop incident updates" button (POST .../manage, 303).
 * Prints req/s, p99, errors and the ratio to /about at the same connection count.
 *
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/rp_bench_portal,
 * shared with bench:portal), BENCH_ACCOUNTS, BENCH_TOKENS, BENCH_PORT (3111), BENCH_SECONDS (8).
 */
import { randomInt } from "node:crypto";
import type autocannon from "autocannon";
import pg from "pg";
import { hashToken, newRandomToken, unsubscribeToken } from "../lib/tokens";
import { benchTarget, ensureSeededDatabase, load, printTable, startBenchServer, type Row } from "./bench-server";

// The server and this process sign unsubscribe links with the same secret.
process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0123456789";
const t = benchTarget("account", { db: "rp_bench_portal", port: 3111 });
const tokenCount = Number(process.env.BENCH_TOKENS ?? 20_000);

interface Customer {
  accountId: number;
  token: string;
}

/** Real private links for random affected accounts, stored the way the app stores them (SHA-256). */
async function issueLinks(): Promise<Customer[]> {
  const db = new pg.Client({ connectionString: t.childDatabaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: number }>(
      `SELECT a.id FROM "account" a TABLESAMPLE SYSTEM (5) WHERE EXISTS (SELECT 1 FROM "impact" i WHERE i.account_id = a.id) LIMIT $1`,
      [tokenCount],
    );
    const customers = rows.map((r) => ({ accountId: r.id, token: newRandomToken() }));
    await db.query(`DELETE FROM "lookup_token" WHERE created_at < now() - interval '1 day' AND expires_at > now() + interval '6 days'`);
    await db.query(
      `INSERT INTO "lookup_token" (account_id, token_hash, expires_at)
       SELECT * FROM unnest($1::int[], $2::text[], array_fill(now() + interval '7 days', ARRAY[$3::int]))`,
      [customers.map((c) => c.accountId), customers.map((c) => hashToken(c.token)), customers.length],
    );
    return customers;
  } finally {
    await db.end();
  }
}

/** autocannon requests that take the next customer on every request. */
function rotating(build: (c: Customer) => Partial<autocannon.Request>, customers: Customer[]): autocannon.Request[] {
  let i = randomInt(customers.length);
  return [
    {
      setupRequest: (req: autocannon.Request) => {
        const c = customers[i++ % customers.length]!;
        return { ...req, ...build(c) };
      },
    },
  ];
}

const form = { "content-type": "application/x-www-form-urlencoded" };

await ensureSeededDatabase(t);
const customers = await issueLinks();
const strangers = Array.from({ length: 5_000 }, () => ({ accountId: 0, token: newRandomToken() }));
console.log(`Issued ${customers.length.toLocaleString("en-US")} private links.`);
// As behind one proxy of ours (deploy/nginx.conf): each customer's lookup request comes from their
// own address (X-Forwarded-For), so it measures lookups, not one address's rate limit.
const { stop } = await startBenchServer(t, { AUTH_SECRET: process.env.AUTH_SECRET!, TRUST_PROXY: "1" });
const addressOf = (c: Customer) => `10.${(c.accountId >> 16) & 255}.${(c.accountId >> 8) & 255}.${c.accountId & 255}`;

const account = rotating((c) => ({ path: `/account/${c.token}` }), customers);
const stranger = rotating((c) => ({ path: `/account/${c.token}` }), strangers);
const rows: Row[] = [];
const report = (row: Row & { statusCodes: Record<string, number> }) => {
  rows.push(row);
  console.log(`  ${row.path} @${row.connections}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99} ms, ${row.errors} errors ${JSON.stringify(row.statusCodes)}`);
};
try {
  // Warm up (route modules load lazily; the JIT needs a moment).
  for (const path of ["/about", "/lookup"]) await load({ ...t, seconds: 2 }, path, path, 10);
  await load({ ...t, seconds: 3 }, "warm", "/", 10, { requests: account });
  for (const connections of [50, 200]) {
    report(await load(t, "/about", "/about", connections));
    report(await load(t, "/account/<valid token>", "/", connections, { requests: account }));
    report(await load(t, "/account/<unknown token>", "/", connections, { requests: stranger, ok: [404] }));
  }
  // Random tokens and real customers at the same time: the customers' page must not suffer.
  const [attack, during] = await Promise.all([
    load(t, "  random tokens (attack)", "/", 200, { requests: stranger, ok: [404] }),
    load(t, "  valid, during the attack", "/", 50, { requests: account }),
  ]);
  report(attack);
  report(during);
  report(await load(t, "GET /lookup", "/lookup", 50));
  report(
    await load(t, "POST /lookup/request", "/", 50, {
      requests: rotating(
        (c) => ({ path: "/lookup/request", method: "POST", headers: { ...form, "x-forwarded-for": addressOf(c) }, body: `email=customer${c.accountId}%40example.com` }),
        customers,
      ),
      ok: [303, 429],
    }),
  );
  report(await load(t, "GET /unsubscribe/<token>", "/", 50, { requests: rotating((c) => ({ path: `/unsubscribe/${unsubscribeToken({ type: "account", id: c.accountId })}` }), customers) }));
  report(
    await load(t, "POST /account/<t>/manage", "/", 50, {
      requests: rotating((c) => ({ path: `/account/${c.token}/manage`, method: "POST", headers: form, body: "action=opt-out" }), customers),
      ok: [303],
    }),
  );

  printTable(`Private page benchmark: ${t.accounts.toLocaleString("en-US")} accounts on PostgreSQL, ${customers.length.toLocaleString("en-US")} distinct links, ${t.seconds} s per run`, rows, "/about");
  const at = (path: string, c: number) => rows.find((r) => r.path === path && r.connections === c)!;
  const a50 = at("/account/<valid token>", 50);
  const a200 = at("/account/<valid token>", 200);
  const ratio = a50.rps / at("/about", 50).rps;
  if (!a50 || Number.isNaN(a50.rps)) throw new Error("BENCH_ONLY skipped the /account rows: no target to check");
  const ok = ratio >= 0.8 && a50.p99 < 100 && a200.errors === 0;
  console.log(`\nTarget (/account >= 0.8x /about and p99 < 100 ms at 50, 0 errors at 200): ${ok ? "met" : "NOT met"} (${ratio.toFixed(2)}x, p99 ${a50.p99} ms, ${a200.errors} errors at 200)`);
} finally {
  await stop();
}
