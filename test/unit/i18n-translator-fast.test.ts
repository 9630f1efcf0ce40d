import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { createTranslator } from "next-intl";
import { createElement, Fragment, isValidElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { locales, pseudoLocale } from "@/lib/i18n/locales";
import { flattenMessages, loadMessages } from "@/lib/i18n/messages";
import { i18nMessageFallback, onI18nError, timeZone, translator } from "@/lib/i18n/translator";

/** Sample values for every argument of a message: numbers where ICU formats a number, words elsewhere. */
function sampleValues(elements: MessageFormatElement[], values: Record<string, string | number>, n: number): void {
  for (const e of elements) {
    if (e.type === TYPE.plural || e.type === TYPE.number) values[e.value] = n;
    else if (e.type === TYPE.select) values[e.value] = Object.keys(e.options)[0] ?? "other";
    else if (e.type === TYPE.argument) values[e.value] ??= "Ann <b>&";
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const o of Object.values(e.options)) sampleValues(o.value, values, n);
    if (e.type === TYPE.tag) sampleValues(e.children, values, n);
  }
}

/** The tags of a message, each given a function returning an element (as the pages do). */
function tagValues(elements: MessageFormatElement[], values: Record<string, unknown>): void {
  for (const e of elements) {
    if (e.type === TYPE.tag) {
      values[e.value] = (chunks: ReactNode) => createElement("b", { className: e.value }, chunks);
      tagValues(e.children, values);
    }
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const o of Object.values(e.options)) tagValues(o.value, values);
  }
}

/** What React sees of a rich result: the markup and every element's key. */
function shape(node: ReactNode): string {
  const keys: unknown[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (isValidElement(n)) {
      keys.push(n.key);
      walk((n.props as { children?: unknown }).children);
    }
  };
  walk(node);
  return `${Array.isArray(node) ? "array" : typeof node}|${JSON.stringify(keys)}|${renderToStaticMarkup(createElement(Fragment, null, node))}`;
}

describe("translator()", () => {
  it("formats every message of every language exactly as next-intl does, with and without values", () => {
    let compared = 0;
    for (const locale of [...locales, pseudoLocale]) {
      const messages = loadMessages(locale);
      const reference = createTranslator({ locale, messages, timeZone, onError: onI18nError, getMessageFallback: i18nMessageFallback });
      const ours = translator(locale);
      for (const [namespace, tree] of Object.entries(messages)) {
        for (const [key, message] of flattenMessages(tree)) {
          const full = `${namespace}.${key}`;
          if (/[<>]/.test(message)) continue; // rich text: next-intl's own path
          for (const n of [0, 1, 2, 5, 11, 1234.5]) {
            const values: Record<string, string | number> = {};
            sampleValues(parse(message, { ignoreTag: false }), values, n);
            const args = Object.keys(values).length ? values : undefined;
            expect(ours(full, args), `${locale} ${full} ${JSON.stringify(args)}`).toBe(reference(full as never, args as never));
            compared++;
            if (!args) break;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("formats every rich-text message of every language exactly as next-intl does (markup, keys, shape)", () => {
    let compared = 0;
    for (const locale of [...locales, pseudoLocale]) {
      const messages = loadMessages(locale);
      const reference = createTranslator({ locale, messages, timeZone, onError: onI18nError, getMessageFallback: i18nMessageFallback });
      const ours = translator(locale);
      for (const [namespace, tree] of Object.entries(messages)) {
        for (const [key, message] of flattenMessages(tree)) {
          const full = `${namespace}.${key}`;
          for (const n of [0, 1, 2, 5, 11, 1234.5]) {
            const values: Record<string, unknown> = {};
            const ast = parse(message, { ignoreTag: false });
            sampleValues(ast, values as Record<string, string | number>, n);
            tagValues(ast, values);
            const args = Object.keys(values).length ? values : undefined;
            expect(shape(ours.rich(full, args as never)), `${locale} ${full}`).toBe(shape(reference.rich(full as never, args as never)));
            compared++;
            if (!args) break;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
