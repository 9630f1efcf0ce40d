/* eslint-disable @next/next/no-html-link-for-pages, @next/next/no-head-element -- static HTML rendered by a route handler, outside the Next router */
import type { ReactElement, ReactNode } from "react";
import { AppError, errorBody, toHttpStatus } from "../errors";

/**
 * HTML answers of the subscriber route handlers (private account page, confirm and
 * unsubscribe pages, form errors). They are route handlers rather than pages because
 * they must choose their status (404, 410, 413, 429) and headers; the markup is plain
 * React rendered to static HTML with an inline stylesheet: no script, no third party.
 */
const css = `:root{--bg:#fff;--fg:#16181d;--muted:#50565f;--border:#d5d9df;--card:#f6f7f9;--accent:#0b5cad;--ok:#1a7f37;--warn:#9a6700;--bad:#c0262d;--track:#e3e6ea;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e8eaed;--muted:#a9afb8;--border:#343a42;--card:#181b21;--accent:#7cb4ff;--ok:#4ac26b;--warn:#d4a72c;--bad:#ff7b72;--track:#2b3038}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.container{max-width:60rem;margin:0 auto;padding:1rem}header.site{border-bottom:1px solid var(--border)}.brand{font-weight:700;text-decoration:none;color:var(--fg)}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .75rem}h3{font-size:1.1rem;margin:1rem 0 .5rem}
.muted{color:var(--muted)}.card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:1rem;margin:1rem 0}
.notice{border-left:4px solid var(--warn);padding:.5rem 1rem;background:var(--card)}.error{border-left-color:var(--bad)}
.badge{display:inline-block;border-radius:999px;padding:.1rem .6rem;font-size:.85rem;font-weight:600;border:1px solid currentColor}
.state-restored{color:var(--ok)}.state-partial,.state-restoring{color:var(--warn)}.state-unrecoverable{color:var(--bad)}.state-pending,.state-not_affected{color:var(--muted)}
.bar{display:flex;height:.9rem;border-radius:4px;overflow:hidden;background:var(--track);margin:.3rem 0}.bar span{display:block;height:100%;background:var(--ok)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--border)}.table-wrap{overflow-x:auto}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input[type=email],input[type=text]{font:inherit;padding:.5rem;width:100%;max-width:28rem;border:1px solid var(--border);border-radius:6px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;margin-top:.75rem}button.secondary{background:transparent;color:var(--accent)}
.field-error{color:var(--bad);margin:.25rem 0}form.inline{display:inline-block;margin-right:.5rem}`;

export function StandalonePage({ title, children }: { title: string; children: ReactNode }): ReactElement {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} · Recovery status`}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <header className="site">
          <div className="container">
            <a className="brand" href="/">
              Recovery status
            </a>
          </div>
        </header>
        <main id="main" className="container">
          {children}
        </main>
      </body>
    </html>
  );
}

/** Headers of every private or token-bearing answer. */
export const privatePageHeaders: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
};

/**
 * React's server renderer, loaded by Node at run time. Next refuses a static import of
 * react-dom/server in a route handler (its React Server Components layer resolves it to a
 * stub), but these answers are plain static markup: no hooks, no client components.
 */
type StaticRenderer = { renderToStaticMarkup(element: ReactElement): string };
let renderer: StaticRenderer | undefined;
export function renderToStaticMarkup(element: ReactElement): string {
  if (!renderer) {
    // Reached through process.getBuiltinModule so that the bundler leaves it to Node.
    const { createRequire } = process.getBuiltinModule("node:module");
    renderer = createRequire(`${process.cwd()}/package.json`)("react-dom/server") as StaticRenderer;
  }
  return renderer.renderToStaticMarkup(element);
}

export function htmlResponse(page: ReactElement, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(`<!doctype html>${renderToStaticMarkup(page)}`, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", ...privatePageHeaders, ...headers },
  });
}

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, ...privatePageHeaders } });
}

export function wantsJson(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  const accept = request.headers.get("accept") ?? "";
  return type.startsWith("application/json") || (accept.includes("application/json") && !accept.includes("text/html"));
}

/** Retry-After for RATE_LIMITED errors. */
export function retryAfterHeaders(error: unknown): Record<string, string> {
  if (error instanceof AppError && error.code === "RATE_LIMITED") {
    const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (seconds) return { "Retry-After": String(seconds) };
  }
  return {};
}

export function jsonError(error: unknown): Response {
  if (!(error instanceof AppError)) console.error(error);
  return Response.json(errorBody(error), { status: toHttpStatus(error), headers: { ...privatePageHeaders, ...retryAfterHeaders(error) } });
}

/** A page for an error that is not the user's fault to fix in the form (413, 400, 429, 500). */
export function errorPage(error: unknown): Response {
  if (!(error instanceof AppError)) console.error(error);
  const status = toHttpStatus(error);
  const { title, text } =
    status === 429
      ? {
          title: "Too many requests",
          text: `We have had too many requests from you or for this address. Please wait ${retryWords(error)} and try again.`,
        }
      : status === 413
        ? { title: "Request too large", text: "That request was larger than this form accepts." }
        : status === 400
          ? { title: "We could not read that request", text: error instanceof AppError ? error.message : "Bad request." }
          : status === 503
            ? { title: "Temporarily unavailable", text: "We cannot answer right now. Please try again in a few minutes." }
            : { title: "Something went wrong", text: "Something went wrong on our side. Please try again later." };
  return htmlResponse(
    <StandalonePage title={title}>
      <h1>{title}</h1>
      <p className="notice error">{text}</p>
      <p>
        <a href="/">Back to the status page</a>
      </p>
    </StandalonePage>,
    status,
    retryAfterHeaders(error),
  );
}

function retryWords(error: unknown): string {
  const seconds = (error instanceof AppError ? (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined) ?? 3600;
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}

export function fieldErrors(error: unknown): Record<string, string> | null {
  if (error instanceof AppError && error.code === "VALIDATION") {
    return (error.details as { fields?: Record<string, string> } | undefined)?.fields ?? { form: error.message };
  }
  return null;
}
