import { defaultLocale, isLocale, type RenderLocale } from "./locales";
import { loadMessages } from "./messages";
import { isRenderLocale } from "./routing";

/** A kind of data as stored: its key, its label in the incident's default language, and staff's labels in other languages. */
export interface CategoryLabelSource {
  key: string;
  label: string;
  /** By locale (data_category_translation). */
  translations?: Partial<Record<string, string>>;
}

/** The stock words for a known key in a language (messages/<locale>/content.json, `categories`). */
export function stockCategoryLabel(locale: RenderLocale, key: string): string | undefined {
  const stock = loadMessages(locale).content?.categories;
  const label = typeof stock === "object" ? stock[key] : undefined;
  return typeof label === "string" ? label : undefined;
}

/**
 * A kind of data's label for one reader (docs/decisions/043): the label staff wrote in the
 * reader's language; else, when the label is still the stock words of a known key in the
 * incident's default language ("Contacts" for `contacts`), the stock words in the reader's
 * language ("Contactos"); else the label as written. A label is a name, not a text: it
 * never carries the "not yet in your language" note.
 */
/** A label inside a sentence ("your contacts, photos"): lower case, but German keeps its nouns' capitals. */
export function labelInSentence(label: string, locale: string): string {
  return locale === "de" || locale.startsWith("de-") ? label : label.toLocaleLowerCase(locale);
}

export function categoryLabel(category: CategoryLabelSource, contentDefault: string, wanted: string | null | undefined): string {
  const own = isLocale(contentDefault) ? contentDefault : defaultLocale;
  if (!wanted || wanted === own) return category.label;
  const written = category.translations?.[wanted];
  if (written) return written;
  if (!isRenderLocale(wanted) || stockCategoryLabel(own, category.key) !== category.label) return category.label;
  return stockCategoryLabel(wanted, category.key) ?? category.label;
}
