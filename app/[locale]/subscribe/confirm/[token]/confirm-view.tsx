import Link from "next/link";
import type { RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import type { PendingConfirmation } from "@/lib/subscribers/confirm-subscription";

function what(locale: RenderLocale, incident: { title: string } | null | undefined): string {
  const t = translator(locale, "forms.confirm");
  return incident ? t("aboutIncident", { title: incident.title }) : t("aboutEvery");
}

export function ConfirmView({ pending, action, locale }: { pending: PendingConfirmation; action: string; locale: RenderLocale }) {
  const t = translator(locale, "forms.confirm");
  return (
    <main id="main" className="container self-service">
      <h1>{t("title")}</h1>
      <p>{t.rich("question", { what: what(locale, pending.incident), email: pending.maskedEmail, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <form method="post" action={action}>
        <button type="submit">{t("button")}</button>
      </form>
    </main>
  );
}

export function ConfirmedView({ incident, locale }: { incident: { title: string } | null; locale: RenderLocale }) {
  const t = translator(locale, "forms.confirm");
  return (
    <main id="main" className="container self-service">
      <h1>{t("doneTitle")}</h1>
      <p className="card" role="status">
        {t("done", { what: what(locale, incident) })}
      </p>
      <p>
        <Link href={localePath(locale, "/")}>{t("back")}</Link>
      </p>
    </main>
  );
}

export function InvalidConfirmView({ locale }: { locale: RenderLocale }) {
  const t = translator(locale, "forms.confirm");
  return (
    <main id="main" className="container self-service">
      <h1>{t("invalidTitle")}</h1>
      <p className="notice error">{t("invalid")}</p>
      <p>{t.rich("invalidHelp", { link: (chunks) => <Link href={localePath(locale, "/subscribe")}>{chunks}</Link> })}</p>
    </main>
  );
}

export function ExpiredConfirmView({ days, maskedEmail, action, locale }: { days: number; maskedEmail: string; action: string; locale: RenderLocale }) {
  const t = translator(locale, "forms.confirm");
  return (
    <main id="main" className="container self-service">
      <h1>{t("expiredTitle")}</h1>
      <p className="notice error">{t("expired", { days })}</p>
      <p>{t.rich("expiredOffer", { email: maskedEmail, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <form method="post" action={action}>
        <button type="submit">{t("sendNew")}</button>
      </form>
    </main>
  );
}
