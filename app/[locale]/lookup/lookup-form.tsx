import { EmailField } from "@/components/EmailField";
import type { RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";

/** The lookup form (/lookup, and the pages of a link that no longer works). Works without JavaScript. */
export function LookupForm({ locale, errors = {}, email = "", accountRef = "" }: { locale: RenderLocale; errors?: Record<string, string>; email?: string; accountRef?: string }) {
  const t = translator(locale, "forms.lookup");
  return (
    <form method="post" action={localePath(locale, "/lookup/request")} className="card" noValidate>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <EmailField id="lookup-email" label={t("email")} defaultValue={email} error={errors.email} />
      <label htmlFor="lookup-ref">
        {t("ref")} <span className="muted">{t("refHint")}</span>
      </label>
      <input id="lookup-ref" name="accountRef" type="text" maxLength={64} defaultValue={accountRef} autoComplete="off" />
      {errors.accountRef ? <p className="field-error">{errors.accountRef}</p> : null}
      <div>
        <button type="submit">{t("submit")}</button>
      </div>
    </form>
  );
}

/** What the page says beside a field that /lookup/request refused. */
export function lookupFieldErrors(locale: RenderLocale): Record<string, string> {
  const t = translator(locale, "forms");
  return { email: t("emailInvalid"), accountRef: t("lookup.refTooLong") };
}
