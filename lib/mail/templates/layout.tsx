import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { render, toPlainText } from "@react-email/render";
import type { ReactNode } from "react";
import { direction, type RenderLocale } from "../../i18n/locales";
import { translator } from "../../i18n/translator";

/**
 * The one email layout: brand-neutral, inline styles only (mail clients drop <style>),
 * readable without images. HTML and text come from the same element.
 */
const styles = {
  body: { backgroundColor: "#f6f7f9", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", border: "1px solid #e3e5e8", borderRadius: "6px", maxWidth: "560px", margin: "0 auto", padding: "24px 28px" },
  footer: { color: "#5f6670", fontSize: "12px", lineHeight: "18px" },
} as const;

export const textStyle = { color: "#1d2128", fontSize: "15px", lineHeight: "22px" } as const;
export const headingStyle = { color: "#1d2128", fontSize: "20px", lineHeight: "28px", margin: "0 0 12px" } as const;
export const buttonStyle = {
  backgroundColor: "#1d4ed8",
  borderRadius: "4px",
  color: "#ffffff",
  display: "inline-block",
  fontSize: "15px",
  padding: "10px 18px",
  textDecoration: "none",
} as const;

/**
 * `title`: the subject, also the document's title (what a client shows for the HTML part, and
 * what a screen reader announces first). `locale`: the email's language, `<html lang dir>`
 * (right to left for Arabic, also on the container: some clients drop the html element).
 */
export function EmailLayout(props: { locale: RenderLocale; title: string; preview: string; children: ReactNode; footer?: ReactNode }) {
  const dir = direction(props.locale);
  return (
    <Html lang={props.locale} dir={dir}>
      <Head>
        <title>{props.title}</title>
      </Head>
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={{ ...styles.container, direction: dir, textAlign: dir === "rtl" ? "right" : "left" }} dir={dir}>
          <Section>{props.children}</Section>
          <Hr style={{ borderColor: "#e3e5e8", margin: "24px 0 12px" }} />
          <Text style={styles.footer}>{props.footer ?? translator(props.locale, "emails")("footer")}</Text>
        </Container>
      </Body>
    </Html>
  );
}

// react-email's default link blue (#067df7) is 3.9:1 on white; both of these pass 4.5:1.
const linkColour = { body: "#1d4ed8", footer: "#5f6670" } as const;

export function EmailLink(props: { href: string; children: ReactNode; tone?: keyof typeof linkColour }) {
  return (
    <Link href={props.href} style={{ color: linkColour[props.tone ?? "body"], textDecoration: "underline" }}>
      {props.children}
    </Link>
  );
}

/** The note an email carries when its text (an update, a letter) is not yet in the reader's language. */
export function NotTranslatedNote(props: { locale: RenderLocale }) {
  return <Text style={{ ...textStyle, fontSize: "13px", color: "#5f6670", fontStyle: "italic" }}>{translator(props.locale, "emails")("notTranslated")}</Text>;
}

export async function renderEmail(element: ReactNode): Promise<{ html: string; text: string }> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}

/**
 * Renders a template once per shape and fills in the per-recipient values afterwards.
 * React rendering plus HTML-to-text costs milliseconds per message; a fan-out of a
 * million identical updates (or restore emails that differ only in name, counts and
 * link) must not pay that a million times. `build` receives `slot(name)`, a marker
 * that survives rendering; `values` fill the markers (HTML-escaped in the HTML part).
 * Everything that changes the structure of the email must be part of `key`, its language too
 * (one rendering per kind, shape and language: a fan-out in six languages renders six times).
 */
/** A rendered template split at its slots: static text at even indices, slot names at odd ones. */
interface Compiled {
  html: string[];
  text: string[];
}
const cache = new Map<string, Promise<Compiled>>();
const cacheLimit = 500;
const slot = (name: string) => `rpslot${name}end`;
// Case-insensitive: the text conversion upper-cases headings. Slot names are lower case
// letters and digits, and never contain "end" (slots may touch: rpslots0endrpslotc0end).
// The capture group makes split() keep the names.
const slotPattern = /rpslot([a-z0-9]+?)end/gi;
const htmlSpecial = /[&<>"']/;
// Most values (links, counts, most names) have nothing to escape: test before replacing.
const escapeHtml = (s: string) => (htmlSpecial.test(s) ? s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`) : s);
const asIs = (s: string) => s;

/** Joins the parts, each slot filled: no scan of the whole message per recipient. */
function fill(parts: string[], values: Record<string, string>, escape: (s: string) => string): string {
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i += 2) out += escape(values[parts[i]!.toLowerCase()] ?? "") + (parts[i + 1] ?? "");
  return out;
}

export async function renderTemplate(
  key: string,
  build: (slot: (name: string) => string) => ReactNode,
  values: Record<string, string>,
): Promise<{ html: string; text: string }> {
  let compiled = cache.get(key);
  if (!compiled) {
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    compiled = renderEmail(build(slot)).then(({ html, text }) => ({ html: html.split(slotPattern), text: text.split(slotPattern) }));
    cache.set(key, compiled);
    compiled.catch(() => cache.delete(key));
  }
  const { html, text } = await compiled;
  return { html: fill(html, values, escapeHtml), text: fill(text, values, asIs) };
}
