import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { locales, pseudoLocale } from "../../lib/i18n/locales";
import { localePath } from "../../lib/i18n/routing";
import { listUnsubscribeUrl } from "../../lib/subscribers/unsubscribe-link";
import { pseudoLetters } from "../helpers/pseudo-locale-check";

/**
 * The customer pages in every language (issue 14, decision 040): the addresses, `<html lang
 * dir>`, the pseudo-locale over every page (no English left that is not data), axe in Arabic,
 * and the Nu HTML checker over every page in every language.
 */
const incident = "/incidents/cloud-sync-outage";
const pages = [
  "/",
  incident,
  "/letters/we-are-sorry",
  "/letters/we-are-sorry/revisions/1",
  "/lookup",
  "/lookup?link=expired",
  "/lookup?error=rate-limited",
  "/lookup/sent",
  "/subscribe",
  "/subscribe?error=invalid&field=email",
  "/subscribe/sent",
  "/subscribe/confirmed",
  `/subscribe/confirm/${"x".repeat(43)}`,
  "/about",
  "/incidents/no-such-thing",
  "/no-such-page",
];
const unsubscribePath = () => new URL(listUnsubscribeUrl({ type: "account", id: 1 }, "http://x")).pathname;

/** Every string the public API serves: the database's content, which the pages show as written. */
async function contentStrings(request: APIRequestContext): Promise<string[]> {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const url of ["/api/v1/status", "/api/v1/incidents", "/api/v2/summary.json"]) walk(await (await request.get(url)).json());
  return out;
}

/** Texts (and labels) on the page that look like English and are not the database's content. */
async function untranslated(page: Page, content: string[]): Promise<string[]> {
  return page.evaluate(
    ({ content, pseudo }) => {
      const found: string[] = [];
      const check = (text: string, where: string) => {
        const t = text.replace(/\s+/g, " ").trim();
        if (!t) return;
        const stripped = t.replace(/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|UTC)\b/g, "");
        if (!/[A-Za-z]{2}/.test(stripped)) return;
        for (const ch of stripped) if (pseudo.includes(ch)) return;
        // A message with no letters of its own ("{category}: {percent}") still has the brackets.
        if (/^\[.*\]$/.test(t)) return;
        if (content.some((c) => c.includes(t))) return;
        found.push(`${where}: ${t}`);
      };
      // Staff-written content as the database holds it: markdown, advice lines, the remedy, the signatory, correction notes.
      const content_ = 'script, style, .prose, .advice li, .remedy .pre-line, .signatory, .correction, .versions .muted, [lang]:not([lang="en-XA"])';
      const skip = (el: Element | null) => Boolean(el?.closest(content_));
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!skip(n.parentElement)) check(n.textContent ?? "", n.parentElement?.tagName.toLowerCase() ?? "?");
      for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt], input[type=submit][value]")) {
        if (skip(el)) continue;
        for (const a of ["title", "aria-label", "placeholder", "alt", "value"]) {
          const v = el.getAttribute(a);
          if (v && (a !== "value" || el.matches("input[type=submit]"))) check(v, `${el.tagName.toLowerCase()}[${a}]`);
        }
      }
      check(document.title, "title");
      return found;
    },
    { content, pseudo: pseudoLetters },
  );
}

test("the default language answers at the old addresses; every other language under its prefix", async ({ request }) => {
  const home = await request.get("/");
  expect(home.status()).toBe(200);
  const html = await home.text();
  expect(html).toMatch(/<html lang="en" dir="ltr"/);
  expect(html).toContain("Service status");
  // hreflang alternates and the switcher's links
  for (const l of locales) expect(html).toContain(`hrefLang="${l}" href="${localePath(l, "/")}"`);
  expect(html).toContain('hrefLang="x-default" href="/"');

  const fr = await request.get("/fr/lookup");
  expect(fr.status()).toBe(200);
  const frHtml = await fr.text();
  expect(frHtml).toMatch(/<html lang="fr" dir="ltr"/);
  expect(frHtml).toContain("Mes données sont-elles revenues ?");
  expect(frHtml).toContain('action="/fr/lookup/request"');

  const ar = await request.get("/ar");
  expect(await ar.text()).toMatch(/<html lang="ar" dir="rtl"/);

  // /en/... is the unprefixed address; an unknown page in a language is that language's 404.
  const en = await request.get("/en/lookup", { maxRedirects: 0 });
  expect([en.status(), en.headers().location]).toEqual([307, "/lookup"]);
  const missing = await request.get("/de/no-such-page");
  expect(missing.status()).toBe(404);
  const missingHtml = await missing.text();
  expect(missingHtml).toContain("Seite nicht gefunden");
  expect(missingHtml).toContain("<title>Seite nicht gefunden · ");
  // A prerendered page (rendered once as /en/about) links the other languages at their own addresses.
  const about = await (await request.get("/about")).text();
  for (const l of locales) expect(about).toContain(`hrefLang="${l}" href="${localePath(l, "/about")}"`);
  expect(about).not.toContain("/en/about");
  // RFC 8058: a mail client's POST to the unsubscribe page's address, in any language, reaches the one-click route (JSON).
  for (const prefix of ["", "/fr"]) {
    const post = await request.post(`${prefix}/unsubscribe/1.not-a-signature`, { form: { "List-Unsubscribe": "One-Click" } });
    expect([post.status(), post.headers()["content-type"]]).toEqual([404, "application/json"]);
  }
  // Nothing varies on the browser's language or a cookie: the same address, the same answer.
  const spanishBrowser = await request.get("/lookup", { headers: { "accept-language": "es-ES,es;q=0.9" } });
  expect(await spanishBrowser.text()).toContain("Is my data back?");
  expect(spanishBrowser.headers()["set-cookie"]).toBeUndefined();
  // The micro-cache holds one copy per language.
  await request.get("/es");
  const cached = await request.get("/es");
  expect(cached.headers()["x-public-cache"]).toBe("hit");
  expect(await cached.text()).toContain("Estado del servicio");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an address that is no page shows its 404 in the address's language, rendered into the HTML", async ({ page }) => {
    const cases: [string, string, string][] = [
      ["/no-such-page", "en", "Page not found"],
      ["/fr/no-such-page", "fr", "Page introuvable"],
      ["/ar/no-such-page", "ar", "الصفحة غير موجودة"],
    ];
    for (const [address, lang, title] of cases) {
      const response = await page.goto(address);
      expect(response?.status(), address).toBe(404);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.locator("main h1")).toHaveText(title);
      await expect(page.locator("main a")).toHaveAttribute("href", localePath(lang as (typeof locales)[number], "/"));
    }
  });
});

test("a form posted in a language comes back in that language", async ({ page }) => {
  await page.goto("/es/lookup");
  await page.getByLabel("Dirección de correo de su cuenta").fill("nobody@example.org");
  await page.getByRole("button", { name: "Enviarme un enlace privado" }).click();
  await expect(page).toHaveURL(/\/es\/lookup\/sent$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Revise su bandeja de entrada");
});

test("the pseudo-locale leaves no English on any customer page but the database's content", async ({ page, request }) => {
  const content = await contentStrings(request);
  const left: string[] = [];
  for (const url of [...pages, unsubscribePath(), `/unsubscribe/${"x".repeat(20)}`]) {
    await page.goto(localePath(pseudoLocale, url));
    await expect(page.locator("html")).toHaveAttribute("lang", pseudoLocale);
    for (const summary of await page.locator("details > summary").all()) await summary.click();
    left.push(...(await untranslated(page, content)).map((t) => `${url} ${t}`));
  }
  expect(left).toEqual([]);
});

test("zero axe violations in Arabic (right to left)", async ({ page }) => {
  for (const url of [...pages.slice(0, 5), "/subscribe", "/incidents/no-such-thing"]) {
    await page.goto(localePath("ar", url));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    for (const summary of await page.locator("details > summary").all()) await summary.click();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(
      results.violations.map((v) => `${url}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      url,
    ).toEqual([]);
  }
});

test("every customer page in every language passes the Nu HTML checker", async ({ request }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(path.join(tmpdir(), "rp-vnu-"));
  try {
    const files: string[] = [];
    const names: string[] = [];
    const all = [...pages, unsubscribePath(), `/unsubscribe/${"x".repeat(20)}`];
    for (const locale of [...locales, pseudoLocale]) {
      for (const url of all) {
        const address = localePath(locale, url);
        const response = await request.get(address);
        const file = path.join(dir, `${files.length}.html`);
        writeFileSync(file, await response.text());
        files.push(file);
        names.push(address);
      }
    }
    // The private page's frame in every language (its content: test/unit/account-view-languages.test.ts).
    for (const shell of ["/account/shell", ...locales.filter((l) => l !== "en").map((l) => `/account/shell-${l}`)]) {
      const file = path.join(dir, `${files.length}.html`);
      writeFileSync(file, await (await request.get(shell)).text());
      files.push(file);
      names.push(shell);
    }
    const vnu = createRequire(import.meta.url)("vnu-jar") as string;
    const { stderr } = await promisify(execFile)("java", ["-jar", vnu, "--errors-only", "--format", "json", "--exit-zero-always", ...files], { maxBuffer: 64 * 1024 * 1024 });
    const messages = (JSON.parse(stderr || '{"messages":[]}') as { messages: { url: string; message: string; extract?: string }[] }).messages;
    const errors = messages.map((m) => {
      const index = Number(/(\d+)\.html$/.exec(m.url)?.[1]);
      return `${names[index] ?? m.url}: ${m.message}`;
    });
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("/favicon.ico is a real icon", async ({ request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\//);
});
