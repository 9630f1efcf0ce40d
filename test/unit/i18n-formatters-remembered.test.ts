import { describe, expect, it } from "vitest";
import { locales, pseudoLocale, type RenderLocale } from "@/lib/i18n/locales";
import { formattersFor } from "@/lib/i18n/translator";

/** What formattersFor() answered before it kept answers: Intl, called every time. */
function reference(locale: RenderLocale) {
  const numbers = locale === "en" || locale === pseudoLocale ? "en-US" : locale;
  const dates = locale === "en" || locale === pseudoLocale ? "en-GB" : locale;
  const integer = new Intl.NumberFormat(numbers);
  const percent = new Intl.NumberFormat(numbers, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(numbers, { style: "percent", maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(dates, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return {
    integer: (n: number) => integer.format(n),
    percent: (part: number, all: number) => percent.format(all > 0 ? part / all : 0),
    percentValue: (v: number) => percent.format(v / 100),
    wholePercent: (v: number) => whole.format(v / 100),
    dateTime: (d: Date) => `${dateTime.format(d)} UTC`,
  };
}

const numbers = [0, -0, 1, -1, 7, 999, 1000, 1234.5, 0.1 + 0.2, 1e21, -123456789, Number.NaN, Infinity, -Infinity, 2 ** 53 + 2];
const dates = [0, 59_999, 60_000, 1_764_600_000_000, 1_764_600_029_999, 1_764_600_030_000, 1_764_600_059_999, -1, -60_001, Date.UTC(2026, 11, 31, 23, 59, 59, 999)].map((ms) => new Date(ms));

describe("formattersFor() keeps its answers without changing one", () => {
  it("gives Intl's text for every input, first call and repeated, in every language", () => {
    for (const locale of [...locales, pseudoLocale]) {
      const f = formattersFor(locale);
      const r = reference(locale);
      for (let round = 0; round < 2; round++) {
        for (const n of numbers) {
          expect(f.integer(n), `${locale} integer ${n}`).toBe(r.integer(n));
          expect(f.percentValue(n), `${locale} percentValue ${n}`).toBe(r.percentValue(n));
          expect(f.wholePercent(n), `${locale} wholePercent ${n}`).toBe(r.wholePercent(n));
          for (const all of [0, 3, 1000, 7919]) expect(f.percent(n, all), `${locale} percent ${n}/${all}`).toBe(r.percent(n, all));
        }
        // Seconds within one minute, and the minute on either side of it.
        for (const d of dates) expect(f.dateTime(d), `${locale} ${d.toISOString()}`).toBe(r.dateTime(d));
        expect(f.dateTime(dates[3]!.toISOString())).toBe(r.dateTime(dates[3]!));
      }
      expect(() => f.dateTime(new Date(Number.NaN))).toThrow(RangeError);
    }
  });

  it("stays right past its bound", () => {
    const f = formattersFor("de");
    const r = reference("de");
    for (let n = 0; n < 12_000; n += 1) expect(f.integer(n * 1001)).toBe(r.integer(n * 1001));
  });
});
