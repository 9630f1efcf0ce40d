import type { AppError } from "../errors";
import { defaultLocale, type RenderLocale } from "../i18n/locales";
import { translator } from "../i18n/translator";
import { retryAfterSeconds } from "./map-error";
import { seeOther } from "./responses";

/**
 * A public form posted by a browser (no JavaScript needed) that the route refuses: back
 * to the form's page with a code, `?error=<code>&field=<name>`, which the page turns
 * into its own words (formErrorText). Codes, not messages: a link to the page cannot
 * make it say anything else, and what was typed (an email address) never enters a URL.
 * Scripts (no `Accept: text/html`) get the JSON answer with its status instead.
 */
export type FormErrorCode = "invalid" | "rate-limited" | "too-large" | "unreadable" | "unavailable" | "failed";

export function formErrorRedirect(request: Request, error: AppError, page: string, keep: Record<string, string> = {}): Response | undefined {
  if (!(request.headers.get("accept") ?? "").includes("text/html")) return undefined;
  const code: FormErrorCode =
    error.code === "VALIDATION"
      ? "invalid"
      : error.code === "RATE_LIMITED"
        ? "rate-limited"
        : error.code === "PAYLOAD_TOO_LARGE"
          ? "too-large"
          : error.code === "BAD_REQUEST"
            ? "unreadable"
            : error.code === "UNAVAILABLE"
              ? "unavailable"
              : "failed";
  const field = (error.details as { field?: unknown } | undefined)?.field;
  const query = new URLSearchParams({ ...keep, error: code, ...(code === "invalid" && typeof field === "string" ? { field } : {}) });
  const retry = retryAfterSeconds(error);
  return seeOther(`${page}?${query}`, retry ? { "Retry-After": String(retry) } : {});
}

const codes: ReadonlySet<string> = new Set<FormErrorCode>(["invalid", "rate-limited", "too-large", "unreadable", "unavailable", "failed"]);

/** The page's words for `?error=` (and a field's, for `invalid`) in the page's language (messages forms.errors); null when there is none. */
export function formErrorText(
  query: { error?: string | string[]; field?: string | string[] },
  fieldTexts: Record<string, string>,
  locale: RenderLocale = defaultLocale,
): { form?: string; fields: Record<string, string> } | null {
  const code = typeof query.error === "string" && codes.has(query.error) ? (query.error as FormErrorCode) : null;
  if (!code) return null;
  const field = typeof query.field === "string" && query.field in fieldTexts ? query.field : null;
  if (code === "invalid" && field) return { fields: { [field]: fieldTexts[field]! } };
  return { form: translator(locale, "forms.errors")(code), fields: {} };
}
