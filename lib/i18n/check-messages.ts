import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { defaultLocale, locales } from "./locales";
import { flattenMessages, messagesDir, namespaceFiles, readLocaleFiles, type MessageTree } from "./messages";
import { pseudoMessage } from "./pseudo";

/**
 * Problems with the message files under `root` (test/unit/i18n-messages.test.ts asserts there
 * are none): a namespace file or message a locale lacks or has beyond the default language,
 * a message that is not valid ICU, a translation whose arguments differ from the default
 * language's (a misspelt `{count}` would print nothing). A plural without `other` does not
 * parse (intl-messageformat's parser refuses it).
 */
export function checkMessageFiles(root = messagesDir()): string[] {
  const problems: string[] = [];
  const reference = readLocaleFiles(defaultLocale, root);
  const referenceKeys = new Map<string, string>();
  for (const [ns, tree] of Object.entries(reference)) for (const [key, message] of flattenMessages(tree)) referenceKeys.set(`${ns}.${key}`, message);
  if (referenceKeys.size === 0) problems.push(`${defaultLocale}: no messages at all under ${root}`);

  for (const locale of locales) {
    const own = locale === defaultLocale ? reference : readLocaleFiles(locale, root);
    for (const ns of namespaceFiles(defaultLocale, root)) if (!(ns in own)) problems.push(`${locale}: no ${ns}.json`);
    for (const ns of namespaceFiles(locale, root)) if (!(ns in reference)) problems.push(`${locale}: ${ns}.json has no ${defaultLocale} counterpart`);
    const ownKeys = new Map<string, unknown>();
    for (const [ns, tree] of Object.entries(own)) collect(tree as unknown, ns, ownKeys, problems, locale);
    for (const key of referenceKeys.keys()) if (!ownKeys.has(key) && Object.keys(own).includes(key.split(".")[0]!)) problems.push(`${locale}: missing ${key}`);
    for (const [key, message] of ownKeys) {
      const ref = referenceKeys.get(key);
      if (ref === undefined) {
        if (reference[key.split(".")[0]!]) problems.push(`${locale}: extra ${key}`);
        continue;
      }
      if (typeof message !== "string") continue;
      let ast: MessageFormatElement[];
      try {
        ast = parse(message);
      } catch (error) {
        problems.push(`${locale}: ${key} is not a valid ICU message (${(error as Error).message})`);
        continue;
      }
      if (locale !== defaultLocale) {
        let refArgs: string[] = [];
        try {
          refArgs = argumentsOf(parse(ref));
        } catch {
          continue; // reported for the default language itself
        }
        const args = argumentsOf(ast);
        if (args.join() !== refArgs.join()) problems.push(`${locale}: ${key} uses {${args.join("}, {")}} but ${defaultLocale} uses {${refArgs.join("}, {")}}`);
      } else {
        try {
          parse(pseudoMessage(message));
        } catch (error) {
          problems.push(`en-XA: ${key} does not survive pseudo-localisation (${(error as Error).message})`);
        }
      }
    }
  }
  return problems;
}

function collect(tree: unknown, prefix: string, out: Map<string, unknown>, problems: string[], locale: string): void {
  if (typeof tree !== "object" || tree === null || Array.isArray(tree)) {
    problems.push(`${locale}: ${prefix} is neither a message nor a group of messages`);
    return;
  }
  for (const [key, value] of Object.entries(tree as MessageTree)) {
    const dotted = `${prefix}.${key}`;
    if (typeof value === "string") out.set(dotted, value);
    else collect(value, dotted, out, problems, locale);
  }
}

function argumentsOf(ast: MessageFormatElement[], into = new Set<string>()): string[] {
  for (const el of ast) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value);
    if (el.type === TYPE.tag) {
      into.add(`<${el.value}>`);
      argumentsOf(el.children, into);
    }
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      into.add(el.value);
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
  }
  return [...into].sort();
}
