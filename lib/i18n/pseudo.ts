import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { printAST } from "@formatjs/icu-messageformat-parser/printer.js";

/**
 * The pseudo-locale (en-XA) of one English message: every letter of its text accented and
 * the whole bracketed ("Service status" -> "[Šéŕvîçé šţåţûš]"), with its ICU syntax
 * (arguments, plurals, `#`, tags) left as it is, so it still formats with the same values.
 * A page rendered in en-XA shows at a glance (and to a test) any English that did not come
 * from a message.
 */
const accents: Record<string, string> = {
  a: "å", b: "ƀ", c: "ç", d: "ð", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "î", j: "ĵ", k: "ķ", l: "ļ", m: "ɱ",
  n: "ñ", o: "ö", p: "þ", q: "ǫ", r: "ŕ", s: "š", t: "ţ", u: "û", v: "ṽ", w: "ŵ", x: "ẋ", y: "ý", z: "ž",
  A: "Å", B: "Ɓ", C: "Ç", D: "Ð", E: "É", F: "Ƒ", G: "Ĝ", H: "Ĥ", I: "Î", J: "Ĵ", K: "Ķ", L: "Ļ", M: "Ṁ",
  N: "Ñ", O: "Ö", P: "Þ", Q: "Ǫ", R: "Ŕ", S: "Š", T: "Ţ", U: "Û", V: "Ṽ", W: "Ŵ", X: "Ẋ", Y: "Ý", Z: "Ž",
};

export function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (ch) => accents[ch] ?? ch);
}

function accentElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el) => {
    switch (el.type) {
      case TYPE.literal:
        return { ...el, value: accent(el.value) };
      case TYPE.tag:
        return { ...el, children: accentElements(el.children) };
      case TYPE.plural:
      case TYPE.select:
        return {
          ...el,
          options: Object.fromEntries(Object.entries(el.options).map(([k, option]) => [k, { ...option, value: accentElements(option.value) }])),
        } as typeof el;
      default:
        return el;
    }
  });
}

/** The en-XA form of an ICU message (throws when the message does not parse). */
export function pseudoMessage(message: string): string {
  return `[${printAST(accentElements(parse(message)))}]`;
}
