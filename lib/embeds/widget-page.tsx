/* eslint-disable @next/next/no-head-element -- static HTML rendered by a route handler, outside the Next router */
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "./render-static";
import { defaultLocale, direction, type Locale } from "../i18n/locales";
import { localePath } from "../i18n/routing";
import { formattersFor, translator } from "../i18n/translator";
import type { EmbedStatus } from "./get-embed-status";

/**
 * The embeddable widget: a small HTML page for an <iframe> on another site, with no
 * script at all (a route handler renders it to static markup, so not even Next's
 * runtime is sent), an inline stylesheet that follows the visitor's light or dark
 * scheme, and links that open the full status page in a new tab, in the status's language
 * (`?lang=`; messages/<locale>/embeds.json).
 */
const css = `:root{--bg:#fff;--fg:#16181d;--muted:#50565f;--border:#d5d9df;--ok:#1a7f37;--warn:#9a6700;--orange:#bc4c00;--bad:#c0262d;--track:#e3e6ea;--accent:#0b5cad;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e8eaed;--muted:#a9afb8;--border:#343a42;--ok:#4ac26b;--warn:#d4a72c;--orange:#f0883e;--bad:#ff7b72;--track:#2b3038;--accent:#7cb4ff}}
*{box-sizing:border-box}html,body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{padding:.75rem;border:1px solid var(--border);border-radius:8px;min-height:100vh}
a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.overall{font-weight:700;margin:0 0 .5rem;display:flex;gap:.4rem;align-items:center}.dot{width:.7rem;height:.7rem;border-radius:50%;display:inline-block;background:var(--ok)}
.degraded .dot{background:var(--warn)}.partial_outage .dot{background:var(--orange)}.major_outage .dot{background:var(--bad)}
h2{font-size:1rem;margin:.6rem 0 .3rem}ul{list-style:none;margin:0;padding:0}li{margin:.25rem 0}
.row{display:flex;justify-content:space-between;gap:.5rem}.bar{height:.4rem;border-radius:3px;background:var(--track);overflow:hidden}.bar span{display:block;height:100%;background:var(--ok)}
.muted{color:var(--muted);font-size:.85rem;margin:.6rem 0 0}`;

function Widget({ status, base }: { status: EmbedStatus; base: string }): ReactElement {
  const l = status.locale;
  const t = translator(l, "embeds");
  const f = formattersFor(l);
  return (
    <html lang={l} {...(direction(l) === "rtl" ? { dir: "rtl" } : {})}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t("title")}</title>
        <base target="_blank" />
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main className={status.overall}>
          <p className="overall">
            <span className="dot" aria-hidden="true" />
            {t(`overall.${status.overall}`)}
            {status.percentRestored !== null ? ` · ${t("restoredShare", { percent: f.percentValue(status.percentRestored) })}` : ""}
          </p>
          {status.incidents.map((incident) => (
            <section key={incident.slug} aria-label={incident.title}>
              <h2>
                <a href={`${base}${localePath(l, `/incidents/${encodeURIComponent(incident.slug)}`)}`} rel="noopener">
                  {incident.title}
                </a>
              </h2>
              <ul>
                {incident.categories.map((c) => (
                  <li key={c.label}>
                    <div className="row">
                      <span>{c.label}</span>
                      <span>{t("restoredShare", { percent: f.percentValue(c.percentRestored) })}</span>
                    </div>
                    <div className="bar" aria-hidden="true">
                      <span style={{ width: `${c.percentRestored}%` }} />
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <p className="muted">
            {t(status.stale ? "staleAsOf" : "asOf", { time: f.dateTime(status.generatedAt) })} ·{" "}
            <a href={`${base}${localePath(l, "/")}`} rel="noopener">
              {t("fullPage")}
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}

export function widgetHtml(status: EmbedStatus, base: string): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<Widget status={status} base={base} />)}`;
}

/** The snippets a site owner copies (shown on /about through /widget/embed-code), in a language: `?lang=` on both, its page prefix on the link. */
export function embedSnippets(base: string, locale: Locale = defaultLocale): { widget: string; badge: string } {
  const lang = locale === defaultLocale ? "" : `?lang=${locale}`;
  const title = translator(locale, "embeds")("title");
  return {
    widget: `<iframe src="${base}/widget${lang}" title="${title}" width="320" height="260" style="border:0" loading="lazy"></iframe>`,
    badge: `<a href="${base}${localePath(locale, "/")}"><img src="${base}/badge.svg${lang}" alt="${title}"></a>`,
  };
}

function EmbedCode({ base, locale }: { base: string; locale: Locale }): ReactElement {
  const s = embedSnippets(base, locale);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>Embed code</title>
        <style
          dangerouslySetInnerHTML={{
            __html: `:root{color-scheme:light dark}body{margin:0;font:14px/1.45 system-ui,sans-serif}h2{font-size:1rem;margin:.5rem 0 .25rem}pre{white-space:pre-wrap;word-break:break-all;padding:.5rem;border:1px solid #8888;border-radius:6px;margin:0 0 .75rem;user-select:all}`,
          }}
        />
      </head>
      <body>
        <h2>Widget</h2>
        <pre>{s.widget}</pre>
        <h2>Badge</h2>
        <pre>{s.badge}</pre>
      </body>
    </html>
  );
}

export function embedCodeHtml(base: string, locale: Locale = defaultLocale): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<EmbedCode base={base} locale={locale} />)}`;
}
