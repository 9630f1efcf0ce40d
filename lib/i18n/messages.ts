import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { defaultLocale, pseudoLocale, type Locale, type RenderLocale } from "./locales";
import { pseudoMessage } from "./pseudo";

/**
 * The portal's messages: `messages/<locale>/<namespace>.json`, one file per namespace
 * (`common.json`, `status.json`, `emails.json`, ...), each a tree of ICU messages. One loader
 * merges every namespace file of a locale into `{ [namespace]: tree }`, read once per process
 * and held in memory. A message the locale lacks is taken from the default language and
 * logged once (test/unit/i18n-messages.test.ts keeps the files complete, so this is the
 * deploy-time safety net, never the plan). `en-XA` is generated from `en`.
 */
export type MessageTree = { [key: string]: string | MessageTree };
export type Messages = Record<string, MessageTree>;

/** Read at run time from the working directory (the app runs from the project's root, like its .next/). */
export function messagesDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "messages");
}

/** The namespaces (file names without `.json`) present for a locale. */
export function namespaceFiles(locale: Locale, root = messagesDir()): string[] {
  const dir = path.join(root, locale);
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** One locale's files as written, without fallback (for the completeness test). */
export function readLocaleFiles(locale: Locale, root = messagesDir()): Messages {
  const messages: Messages = {};
  for (const namespace of namespaceFiles(locale, root)) {
    const file = path.join(root, locale, `${namespace}.json`);
    messages[namespace] = JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as MessageTree;
  }
  return messages;
}

/** Every message of a tree as [dotted key, ICU string]. */
export function flattenMessages(tree: MessageTree, prefix = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(tree)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.push([dotted, value]);
    else out.push(...flattenMessages(value, dotted));
  }
  return out;
}

function withFallback(locale: Locale, own: MessageTree, fallback: MessageTree, keyPrefix: string, missing: string[]): MessageTree {
  const merged: MessageTree = {};
  for (const [key, value] of Object.entries(fallback)) {
    const mine = own[key];
    const dotted = `${keyPrefix}.${key}`;
    if (typeof value === "string") {
      if (typeof mine === "string") merged[key] = mine;
      else {
        missing.push(dotted);
        merged[key] = value;
      }
    } else {
      merged[key] = withFallback(locale, typeof mine === "object" ? mine : {}, value, dotted, missing);
    }
  }
  return merged;
}

function pseudoTree(tree: MessageTree): MessageTree {
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, typeof v === "string" ? pseudoMessage(v) : pseudoTree(v)]));
}

const cache = new Map<RenderLocale, Messages>();

/**
 * Every namespace of `locale`, complete: what the locale lacks comes from the default
 * language (each gap logged once, when the locale is first loaded). Cached per process.
 */
export function loadMessages(locale: RenderLocale): Messages {
  const cached = cache.get(locale);
  if (cached) return cached;
  let messages: Messages;
  if (locale === pseudoLocale) {
    messages = Object.fromEntries(Object.entries(loadMessages(defaultLocale)).map(([ns, tree]) => [ns, pseudoTree(tree)]));
  } else if (locale === defaultLocale) {
    messages = readLocaleFiles(defaultLocale);
  } else {
    const own = readLocaleFiles(locale);
    const base = loadMessages(defaultLocale);
    const missing: string[] = [];
    messages = {};
    for (const [namespace, tree] of Object.entries(base)) messages[namespace] = withFallback(locale, own[namespace] ?? {}, tree, namespace, missing);
    if (missing.length > 0) {
      console.warn(`i18n: ${missing.length} message(s) missing in ${locale}, shown in ${defaultLocale}: ${missing.slice(0, 20).join(", ")}${missing.length > 20 ? ", ..." : ""}`);
    }
  }
  cache.set(locale, messages);
  return messages;
}

/** Drops the in-memory copies (tests that write message files). */
export function clearMessageCache(): void {
  cache.clear();
}
