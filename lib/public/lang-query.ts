import { z } from "zod";
import { defaultLocale, locales } from "../i18n/locales";
import { languageTagSchema } from "../i18n/locales";

/**
 * `?lang=` of the public JSON API and the feeds: a BCP 47 tag, mapped to the shipped language
 * that fits it (`es-MX` -> `es`); a tag the portal does not ship reads the default language
 * (each text says which language it is in); a malformed one is a 400 naming the parameter.
 * Absent: the default language, as before. Each value is its own URL, so caches keep them apart.
 */
export const langField = z
  .string()
  .max(35, "must be a language tag such as en or pt-BR")
  .pipe(languageTagSchema)
  .optional()
  .transform((v) => v ?? defaultLocale)
  .meta({ description: `The language of incident and letter texts (BCP 47: ${locales.join(", ")}); another tag reads ${defaultLocale}.` });

export const langQuerySchema = z.object({ lang: langField });
export type LangQuery = z.infer<typeof langQuerySchema>;
