import { EmailField } from "@/components/EmailField";
import { locales, type RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";

/** The subscribe form on /subscribe. Works without JavaScript. */
export function SubscribeForm({
  locale,
  incidents,
  errors = {},
  email = "",
  incident = "",
}: {
  locale: RenderLocale;
  incidents: { slug: string; title: string }[];
  errors?: Record<string, string>;
  email?: string;
  incident?: string;
}) {
  const t = translator(locale, "forms.subscribe");
  const emailLocale = locale === "en-XA" ? "en" : locale;
  return (
    <form method="post" action={localePath(locale, "/subscribe/request")} className="card" noValidate>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <EmailField id="subscribe-email" label={t("email")} defaultValue={email} error={errors.email} />
      <fieldset style={{ border: 0, padding: 0, margin: "1rem 0 0" }}>
        <legend style={{ fontWeight: 600 }}>{t("about")}</legend>
        <label style={{ fontWeight: 400 }}>
          <input type="radio" name="incident" value="" defaultChecked={!incident} /> {t("every")}
        </label>
        {incidents.map((i) => (
          <label key={i.slug} style={{ fontWeight: 400 }}>
            <input type="radio" name="incident" value={i.slug} defaultChecked={incident === i.slug} /> {t("only", { title: i.title })}
          </label>
        ))}
      </fieldset>
      {errors.incident ? <p className="field-error">{errors.incident}</p> : null}
      <label htmlFor="subscribe-locale">{t("language")}</label>
      <select id="subscribe-locale" name="locale" defaultValue={emailLocale}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {translator(l, "common")("languageName")}
          </option>
        ))}
      </select>
      <div>
        <button type="submit">{t("submit")}</button>
      </div>
    </form>
  );
}

/** What the page says beside a field that /subscribe/request refused. */
export function subscribeFieldErrors(locale: RenderLocale): Record<string, string> {
  const t = translator(locale, "forms");
  return { email: t("emailInvalid"), incident: t("subscribe.noSuchIncident"), locale: t("subscribe.badLanguage") };
}
