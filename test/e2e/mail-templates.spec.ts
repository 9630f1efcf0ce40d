import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { previewBaseUrl, previewEmail, previewKinds, type PreviewKind } from "@/lib/mail/preview-email";
import { mailKinds } from "@/lib/mail/kinds";
import { direction, locales, pseudoLocale } from "@/lib/i18n/locales";

/**
 * Every email the app sends, rendered with the staff console's preview samples
 * (lib/mail/preview-email.ts) and loaded into chromium as a mail client would show it:
 * no server, no network. Runs with the other specs, or alone without starting the app:
 * `npx playwright test -c playwright.mail.config.ts`.
 */
interface Expected {
  /** Text a reader must see. */
  text: (string | RegExp)[];
  /** Links a reader must be able to follow: accessible name -> href. */
  links: [string | RegExp, string][];
  /** Updates, letters and restore notices carry a one-click unsubscribe link; transactional mail does not. */
  unsubscribe: boolean;
}

const unsubscribeUrl = `${previewBaseUrl}/unsubscribe/sample-token`;
const accountLink: [RegExp, string] = [/^View your account$/, `${previewBaseUrl}/account/sample-token`];

const expected: Record<PreviewKind, Expected> = {
  restore: {
    text: ["An update on your data", "Hello Alex Example,", "• Contacts: restored (1,300 of 1,300 items)", "• Photos: partly restored (64 of 300 items)"],
    links: [accountLink],
    unsubscribe: true,
  },
  "restore-complete": {
    text: ["The recovery of your account is complete", "• Contacts: restored (1,300 of 1,300 items)", "• Photos: partly restored (64 of 300 items)", "• Notes: could not be recovered"],
    links: [accountLink],
    unsubscribe: true,
  },
  incident_update: {
    text: ["Cloud sync outage", "Recovering · 26 Nov 2026, 10:00 UTC", "Contacts are back for 92% of accounts."],
    links: [[/^Read every update on the status page$/, `${previewBaseUrl}/incidents/cloud-sync-outage`]],
    unsubscribe: true,
  },
  letter: {
    text: ["We are sorry", "Dear Alex Example,", "We lost your contacts, photos.", "Chief Executive"],
    links: [[/^Read the letter online$/, `${previewBaseUrl}/letters/we-are-sorry`]],
    unsubscribe: true,
  },
  lookup_link: {
    text: ["Your recovery status", "recovery status of account SK-0000001", "The link works until 10 Dec 2026, 00:00 UTC."],
    links: [[/^See what has come back$/, `${previewBaseUrl}/account/sample-token`]],
    unsubscribe: false,
  },
  subscription_confirm: {
    text: ["Confirm your subscription", "updates about “Cloud sync outage”"],
    links: [[/^Confirm subscription$/, `${previewBaseUrl}/subscribe/confirm/sample-token?incident=cloud-sync-outage`]],
    unsubscribe: false,
  },
  staff_invite: {
    text: ["Join the staff console", "Hello Ada,", "as support."],
    links: [[/^Choose your password$/, `${previewBaseUrl}/admin/invite/sample-token`]],
    unsubscribe: false,
  },
  case_reply: {
    text: ["A reply to your report", "Hello Alex Example,", "your report C-000042 about photos", "We found 236 more of your photos"],
    links: [[/^Read and answer$/, `${previewBaseUrl}/account/sample-token#cases`]],
    unsubscribe: false,
  },
};

test("every kind of email in the registry has a preview sample", async () => {
  const previewed = new Set(await Promise.all(previewKinds.map(async (k) => (await previewEmail(k)).kind)));
  for (const kind of Object.keys(mailKinds)) expect(previewed.has(kind as never), kind).toBe(true);
});

/** Loads the email as a phone-sized mail client would, collecting what must not happen. */
async function openEmail(page: Page, html: string): Promise<{ requests: string[]; errors: string[] }> {
  const requests: string[] = [];
  const errors: string[] = [];
  // Every request is one too many: an email loads nothing (links are followed, not loaded).
  await page.route("**/*", (route) => {
    requests.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.setViewportSize({ width: 375, height: 812 });
  await page.setContent(html, { waitUntil: "load" });
  return { requests, errors };
}

for (const kind of previewKinds) {
  test(`${kind}: renders in chromium, self-contained, readable at 375 px, accessible`, async ({ page }) => {
    const email = await previewEmail(kind);
    const want = expected[kind];
    const { requests, errors } = await openEmail(page, email.html);

    for (const text of want.text) await expect(page.getByText(text).filter({ visible: true }).first(), String(text)).toBeVisible();
    for (const [name, href] of want.links) {
      const link = page.getByRole("link", { name });
      await expect(link, String(name)).toBeVisible();
      await expect(link).toHaveAttribute("href", href);
    }
    const unsubscribe = page.getByRole("link", { name: /unsubscribe/i });
    if (want.unsubscribe) {
      await expect(unsubscribe).toBeVisible();
      await expect(unsubscribe).toHaveAttribute("href", unsubscribeUrl);
    } else {
      await expect(unsubscribe).toHaveCount(0);
    }

    // Soft from here on: one run reports every problem of the email.
    const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect.soft(hrefs.filter((h) => !h.startsWith(`${previewBaseUrl}/`)), "links to anywhere but the portal").toEqual([]);

    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      imagesWithoutAlt: [...document.images].filter((img) => !img.hasAttribute("alt")).map((img) => img.src),
      scripts: document.scripts.length,
    }));
    expect.soft(layout.scrollWidth, "document width at a 375 px viewport").toBeLessThanOrEqual(375);
    expect.soft(layout.imagesWithoutAlt, "images without alt text").toEqual([]);
    expect.soft(layout.scripts, "scripts").toBe(0);

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect.soft(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), "axe violations").toEqual([]);

    expect.soft(requests, "requests made by the email").toEqual([]);
    expect.soft(errors, "console errors").toEqual([]);
  });
}

/**
 * Every kind in every language (docs/decisions/043): the email's own text comes from
 * messages/<locale>/emails.json, with `<html lang dir>` right (right to left for Arabic),
 * numbers in the language's format, and no English left outside the sample content. The
 * staff invite stays English (staff read the console in English).
 */
const customerKinds = previewKinds.filter((k) => k !== "staff_invite");
/** A distinctive word of each language's restore email, proving the text is that language's. */
const restoreWord: Record<(typeof locales)[number], string> = { en: "Hello", es: "Hola", fr: "Bonjour", de: "Hallo", "pt-BR": "Olá", ar: "مرحبًا" };
const groupedThousands: Record<(typeof locales)[number], string> = { en: "1,300", es: "1300", fr: "1\u202f300", de: "1.300", "pt-BR": "1.300", ar: "1,300" };

for (const locale of locales) {
  test(`every kind in ${locale}: its language, its direction, accessible`, async ({ page }) => {
    for (const kind of customerKinds) {
      const email = await previewEmail(kind, locale);
      await openEmail(page, email.html);
      await expect(page.locator("html"), `${kind} lang`).toHaveAttribute("lang", locale);
      await expect(page.locator("html"), `${kind} dir`).toHaveAttribute("dir", direction(locale));
      expect.soft(email.subject.length, `${kind} subject`).toBeGreaterThan(0);
      if (locale !== "en") expect.soft(email.text, `${kind}: no English button or greeting`).not.toMatch(/View your account|Hello |Read every update|Read the letter online|Confirm subscription|See what has come back|Read and answer/);
      if (kind === "restore") {
        expect.soft(email.text, "greeting").toContain(restoreWord[locale]);
        expect.soft(email.text, "grouped number").toContain(JSON.parse(`"${groupedThousands[locale]}"`) as string);
      }
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect.soft(axe.violations.map((v) => `${kind}: ${v.id}`), `axe violations in ${locale}`).toEqual([]);
      await page.unrouteAll({ behavior: "ignoreErrors" });
    }
  });
}

test(`${pseudoLocale}: no hard-coded English in any customer email (subject, HTML and text)`, async ({ page }) => {
  // Left after removing links: words that only Intl's date format gives (the pseudo-locale formats like English).
  const intlWords = new Set(["UTC", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]);
  const englishWords = (text: string) =>
    (text.replace(/https?:\/\/\S+/g, " ").match(/\b[A-Za-z]{2,}\b/g) ?? []).filter((w) => !intlWords.has(w));
  for (const kind of customerKinds) {
    const email = await previewEmail(kind, pseudoLocale);
    await openEmail(page, email.html);
    const shown = await page.evaluate(() => `${document.title}\n${document.body.innerText}`);
    expect.soft(englishWords(email.subject), `${kind} subject`).toEqual([]);
    expect.soft(englishWords(shown), `${kind} HTML`).toEqual([]);
    expect.soft(englishWords(email.text), `${kind} text`).toEqual([]);
    await page.unrouteAll({ behavior: "ignoreErrors" });
  }
});
