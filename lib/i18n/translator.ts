import { IntlMessageFormat, type Formatters as MessageFormatters } from "intl-messageformat";
import { createTranslator, IntlErrorCode, type IntlError, type RichTranslationValues, type TranslationValues } from "next-intl";
import { cloneElement, isValidElement, type ReactNode } from "react";
import { defaultLocale, direction, type RenderLocale } from "./locales";
import { loadMessages } from "./messages";

/**
 * Translators for any code that knows its locale: pages, components, emails, and the private
 * page's fast path, which renders outside Next's request (decision 040), so nothing here may
 * depend on a request. Built on next-intl's pure `createTranslator` (ICU messages through
 * intl-messageformat), one per locale and namespace, kept for the life of the process.
 */
export interface Translate {
  (key: string, values?: TranslationValues): string;
  rich(key: string, values?: RichTranslationValues): ReactNode;
  has(key: string): boolean;
}

/** Dates in messages are UTC, like every date the portal prints. */
export const timeZone = "UTC";

const reported = new Set<string>();

/** next-intl's onError: each problem logged once per process, never thrown at a reader. */
export function onI18nError(error: IntlError): void {
  const key = `${error.code}:${error.message}`;
  if (reported.has(key)) return;
  reported.add(key);
  console.error(`i18n: ${error.message}`);
}

/**
 * What a reader sees when a message cannot be shown at all (missing in the default language
 * too, or it does not format): nothing rather than a message key. loadMessages already fills
 * a locale's gaps from the default language, so this is for a key no language has.
 */
export function i18nMessageFallback({ error }: { error: IntlError; key: string; namespace?: string }): string {
  void (error.code === IntlErrorCode.MISSING_MESSAGE);
  return "";
}

const translators = new Map<string, Translate>();

/**
 * Intl formatters for the compiled messages. intl-messageformat's own (and next-intl's) find
 * theirs by JSON-serialising every call's arguments; a plural or a number in a message did
 * that on every format (bench:account, decision 045). Here: by the style object itself (the
 * message's AST or merged formats hold the same object on every call) and a plural's type.
 * Same constructor arguments, same formatter: the output cannot differ.
 */
function messageFormatters(): MessageFormatters {
  const byStyle = <F>(make: (locales: string | string[] | undefined, style: never) => F) => {
    const cache = new Map<unknown, Map<unknown, F>>();
    return (locales?: string | string[], style?: unknown): F => {
      let forLocales = cache.get(locales);
      if (!forLocales) cache.set(locales, (forLocales = new Map()));
      let formatter = forLocales.get(style);
      if (!formatter) forLocales.set(style, (formatter = make(locales, style as never)));
      return formatter;
    };
  };
  const plurals = byStyle((locales, type: Intl.PluralRulesOptions["type"]) => new Intl.PluralRules(locales, { type }));
  return {
    getNumberFormat: byStyle((locales, style: Intl.NumberFormatOptions | undefined) => new Intl.NumberFormat(locales, style)),
    getDateTimeFormat: byStyle((locales, style: Intl.DateTimeFormatOptions | undefined) => new Intl.DateTimeFormat(locales, style)),
    getPluralRules: (locales?: string | string[], options?: Intl.PluralRulesOptions) =>
      options && Object.keys(options).length === 1 && "type" in options ? plurals(locales, options.type) : new Intl.PluralRules(locales, options),
  } as MessageFormatters;
}

/**
 * next-intl's own preparation of rich-text values (use-intl's prepareTranslationValues): each
 * tag function's React element gets the key `<tag><n>`, counted per call, so that the parts of
 * a message are keyed exactly as next-intl keys them.
 */
function prepareRichValues(values: RichTranslationValues): Record<string, unknown> {
  const prepared: Record<string, unknown> = {};
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (typeof value === "function") {
      let index = 0;
      prepared[key] = (chunks: ReactNode) => {
        const result = (value as (chunks: ReactNode) => ReactNode)(chunks);
        return isValidElement(result) ? cloneElement(result, { key: key + index++ }) : result;
      };
    } else prepared[key] = value;
  }
  return prepared;
}

export function translator(locale: RenderLocale, namespace?: string): Translate {
  const cacheKey = `${locale}\u0000${namespace ?? ""}`;
  const cached = translators.get(cacheKey);
  if (cached) return cached;
  const inner = createTranslator({
    locale,
    messages: loadMessages(locale),
    namespace: namespace as never,
    timeZone,
    onError: onI18nError,
    getMessageFallback: i18nMessageFallback,
  }) as unknown as Translate & { raw(key: string): unknown };
  // next-intl memoizes its formatters by serialising every call's arguments (about 17 µs a
  // call with values); the private page's fast path makes dozens of calls per view
  // (bench:account, issue 13). So: a message without values is kept after its first use,
  // and one with values (no dates or times, which next-intl adapts to the time zone) is
  // compiled once into the IntlMessageFormat next-intl itself would use, with formatters that
  // need no serialising either (messageFormatters). Rich text is formatted the way next-intl
  // formats it (its keys, its return shape). Anything else, and any failure, goes through
  // next-intl unchanged.
  const plain = new Map<string, string>();
  const compiled = new Map<string, IntlMessageFormat | null>();
  const rich = new Map<string, IntlMessageFormat | null>();
  const formatters = messageFormatters();
  const compile = (key: string, tags: boolean): IntlMessageFormat | null => {
    const raw = inner.has(key) ? inner.raw(key) : undefined;
    if (typeof raw !== "string" || /,\s*(date|time)\b/.test(raw) || (!tags && /[<>]/.test(raw))) return null;
    try {
      return new IntlMessageFormat(raw, locale, undefined, { formatters });
    } catch {
      return null;
    }
  };
  const richText = (key: string, values?: RichTranslationValues): ReactNode => {
    let format = rich.get(key);
    if (format === undefined) rich.set(key, (format = compile(key, true)));
    if (format && values) {
      try {
        const result = format.format(prepareRichValues(values) as never) as unknown;
        return isValidElement(result) || Array.isArray(result) || typeof result === "string" ? (result as ReactNode) : String(result);
      } catch {
        // next-intl reports it and shows its fallback.
      }
    }
    return inner.rich(key, values);
  };
  const t = Object.assign(
    (key: string, values?: TranslationValues): string => {
      if (values === undefined) {
        let text = plain.get(key);
        if (text === undefined) plain.set(key, (text = inner(key)));
        return text;
      }
      let format = compiled.get(key);
      if (format === undefined) compiled.set(key, (format = compile(key, false)));
      if (format && Object.values(values).every((v) => typeof v === "string" || typeof v === "number")) {
        try {
          const text = format.format(values as Record<string, string | number>);
          if (typeof text === "string") return text;
        } catch {
          // next-intl reports it and shows its fallback.
        }
      }
      return inner(key, values);
    },
    { rich: richText, has: inner.has.bind(inner) },
  ) as Translate;
  translators.set(cacheKey, t);
  return t;
}

/** Intl locales for formatting: the default language keeps the formats it always had. */
function numberLocale(locale: RenderLocale): string {
  return locale === defaultLocale || locale === "en-XA" ? "en-US" : locale;
}
function dateLocale(locale: RenderLocale): string {
  return locale === defaultLocale || locale === "en-XA" ? "en-GB" : locale;
}

export interface Formatters {
  locale: RenderLocale;
  dir: "ltr" | "rtl";
  /** 1,234 / 1.234 / 1 234 */
  integer(n: number): string;
  /** Part of a whole with one decimal: 92.3% (en), 92,3 % (de, fr); 0 of 0 is 0.0%, never NaN. */
  percent(part: number, whole: number): string;
  /** "1 Dec 2026, 15:30 UTC" in the reader's language. */
  dateTime(iso: string | Date): string;
  /** A duration in whole seconds, minutes or hours: "5 minutes", "5 Minuten". */
  age(seconds: number): string;
  /** A share already in percent, with one decimal: 92.3 -> "92.3%" / "92,3 %". */
  percentValue(value: number): string;
  /** A whole percentage for an axis: 25 -> "25%". */
  wholePercent(value: number): string;
  /** A short day and time for an axis: "1 Dec, 15:30". */
  shortDateTime(iso: string | Date): string;
}

const formatters = new Map<RenderLocale, Formatters>();

/**
 * Intl's format() takes microseconds a call, and the private page makes several per row under
 * the crowd (bench:account, decision 045); item counts, shares and minutes repeat across
 * accounts. So each formatter keeps its answers by input (the same input gives the same text),
 * at most `max` of them (then it starts afresh). -0 and NaN are formatted, never looked up.
 */
function remembered(format: (n: number) => string, max = 5000): (n: number) => string {
  const seen = new Map<number, string>();
  return (n) => {
    if (n === 0 ? Object.is(n, -0) : n !== n) return format(n);
    let text = seen.get(n);
    if (text === undefined) {
      if (seen.size >= max) seen.clear();
      seen.set(n, (text = format(n)));
    }
    return text;
  };
}

/** A date formatter that shows nothing finer than minutes, kept per minute (its text cannot change within one). */
function rememberedByMinute(format: Intl.DateTimeFormat): (date: Date) => string {
  const byMinute = remembered((minute) => format.format(minute * 60_000));
  return (date) => {
    const ms = date.getTime();
    return Number.isFinite(ms) ? byMinute(Math.floor(ms / 60_000)) : format.format(date);
  };
}

export function formattersFor(locale: RenderLocale): Formatters {
  const cached = formatters.get(locale);
  if (cached) return cached;
  const integer = new Intl.NumberFormat(numberLocale(locale));
  const percent = new Intl.NumberFormat(numberLocale(locale), { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone });
  const shortDateTime = new Intl.DateTimeFormat(dateLocale(locale), { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone });
  const wholePercent = new Intl.NumberFormat(numberLocale(locale), { style: "percent", maximumFractionDigits: 0 });
  const unit = (u: "second" | "minute" | "hour") => new Intl.NumberFormat(numberLocale(locale), { style: "unit", unit: u, unitDisplay: "long" });
  const seconds = unit("second");
  const minutes = unit("minute");
  const hours = unit("hour");
  const integerText = remembered((n) => integer.format(n));
  const percentText = remembered((n) => percent.format(n));
  const wholePercentText = remembered((n) => wholePercent.format(n));
  const dateTimeText = rememberedByMinute(dateTime);
  const f: Formatters = {
    locale,
    dir: direction(locale),
    integer: integerText,
    percent: (part, whole) => percentText(whole > 0 ? part / whole : 0),
    dateTime: (iso) => `${dateTimeText(typeof iso === "string" ? new Date(iso) : iso)} UTC`,
    percentValue: (value) => percentText(value / 100),
    wholePercent: (value) => wholePercentText(value / 100),
    shortDateTime: (iso) => shortDateTime.format(typeof iso === "string" ? new Date(iso) : iso),
    age: (s) => (s < 90 ? seconds.format(Math.round(s)) : s < 5400 ? minutes.format(Math.round(s / 60)) : hours.format(Math.round(s / 3600))),
  };
  formatters.set(locale, f);
  return f;
}
