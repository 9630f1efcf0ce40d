import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { printAST } from "@formatjs/icu-messageformat-parser/printer.js";
import { accent } from "./accent";

export { accent };

/**
 * The pseudo-locale (en-XA) of one English message: every letter of its text accented and
 * the whole bracketed ("Service status" -> "[Šéŕvîçé šţåţûš]"), with its ICU syntax
 * (arguments, plurals, `#`, tags) left as it is, so it still formats with the same values.
 * A page rendered in en-XA shows at a glance (and to a test) any English that did not come
 * from a message.
 */
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
