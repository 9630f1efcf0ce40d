import type { IncomingMessage, ServerResponse } from "node:http";
import { renderToString } from "react-dom/server";
import { database } from "@/lib/db";
import { locales, type Locale } from "@/lib/i18n/locales";
import { getAccountStatus } from "@/lib/lookup/get-account-status";
import { lookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { AccountView, caseOutcomeOf, type CaseOutcome } from "./account-view";
import { parseAccountPageShell, parseUnknownLinkPage, shellPath, type AccountPageShell, type UnknownLinkPage } from "./fast-path-shell";

/**
 * The private account page for the crowd after the restore emails (issue 13, decision
 * 045). Every customer opens their own page at once and it cannot be cached, so the
 * answer for a valid link is rendered here, in front of Next: one SQL statement
 * (getAccountStatus), the same AccountView that page.tsx renders, inside Next's own
 * shell of the page's layout (fast-path-shell.ts) in the account's language: one shell per
 * language, fetched once at start (/account/shell, /account/shell-<locale>; decision 040). A well-formed but unknown
 * link gets Next's own 404 page for such links, captured once (random tokens at the page
 * must not take the server from real customers). Everything else (an expired or
 * switched-off link, a HEAD, an error, nothing loaded yet) goes to Next's page
 * unchanged, which answers exactly as before. A request with
 * `x-rp-render: next` always goes to Next (the test that proves both answers are equal).
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const tokenPath = /^\/account\/([A-Za-z0-9_-]{43})\/?(?:\?.*)?$/;

export function renderAccountPageHtml(
  shell: AccountPageShell,
  status: Awaited<ReturnType<typeof getAccountStatus>>,
  token: string,
  outcome?: CaseOutcome,
): string {
  return `${shell.head}${renderToString(<AccountView status={status} token={token} outcome={outcome} />)}${shell.tail}`;
}

/** The support forms' outcome (?reported=, ?caseError=, ...) read the way page.tsx reads it. */
function outcomeOf(url: string): CaseOutcome {
  return caseOutcomeOf(Object.fromEntries(new URL(url, "http://localhost").searchParams));
}

export interface AccountPageFastPath {
  handler: Handler;
  /** Fetches the shell from the running server (call once it listens); false when the fast path stays off. */
  load(origin: string): Promise<boolean>;
}

export function withAccountPageFastPath(next: Handler): AccountPageFastPath {
  const shells = new Map<Locale, AccountPageShell>();
  let unknown: UnknownLinkPage | null = null;
  const handler: Handler = (req, res) => {
    const match = shells.size > 0 && req.method === "GET" && !req.headers["x-rp-render"] ? tokenPath.exec(req.url ?? "") : null;
    if (!match?.[1]) return next(req, res);
    const token = match[1];
    database()
      .then((db) => getAccountStatus(db, token))
      .then((status) => {
        const shell = shells.get(status.account.locale);
        // A language whose shell could not be loaded: Next renders that page, as before.
        return shell ? { shell, body: renderAccountPageHtml(shell, status, token, outcomeOf(req.url ?? "")) } : null;
      })
      .then(
        (rendered) => {
          if (!rendered) return next(req, res);
          res.writeHead(200, { ...rendered.shell.headers, "content-length": Buffer.byteLength(rendered.body) });
          res.end(rendered.body);
        },
        (error: unknown) => {
          if (unknown && lookupTokenProblem(error) === "unknown") {
            res.writeHead(404, { ...unknown.headers, "content-length": Buffer.byteLength(unknown.body) });
            res.end(unknown.body);
            return;
          }
          // Expired, switched off, or the database failed: Next's page says so, as before.
          next(req, res);
        },
      );
  };
  return {
    handler,
    async load(origin) {
      // Either capture failing (Next not answering yet, an unexpected page) only turns the fast path off
      // (for that language: its pages go through Next).
      for (const locale of locales) {
        let shell: AccountPageShell | null = null;
        try {
          const response = await fetch(`${origin}${shellPath(locale)}`, { headers: { "accept-encoding": "identity" } });
          shell = response.ok ? parseAccountPageShell(await response.text(), response.headers) : null;
        } catch {
          shell = null;
        }
        if (shell) shells.set(locale, shell);
        else console.error(`account page: no shell at ${shellPath(locale)}; private pages in ${locale} go through Next`);
      }
      try {
        // A well-formed token no link has (256 random bits are never all zero).
        const probe = "0".repeat(43);
        const response = await fetch(`${origin}/account/${probe}`, { headers: { "accept-encoding": "identity" } });
        unknown = response.status === 404 ? parseUnknownLinkPage(await response.text(), response.headers, probe) : null;
      } catch {
        unknown = null;
      }
      return shells.size > 0;
    },
  };
}
