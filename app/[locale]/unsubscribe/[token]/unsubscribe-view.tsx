import Link from "next/link";
import type { RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import type { UnsubscribeTargetView } from "@/lib/subscribers/unsubscribe";

export function UnsubscribeView({ target, action, locale }: { target: UnsubscribeTargetView; action: string; locale: RenderLocale }) {
  const t = translator(locale, "forms.unsubscribe");
  return (
    <main id="main" className="container self-service">
      <h1>{t("title")}</h1>
      {target.alreadyUnsubscribed ? <p className="card">{t("already", { email: target.maskedEmail })}</p> : null}
      <p>{t(target.type === "account" ? "questionAccount" : "questionSubscriber", { email: target.maskedEmail })}</p>
      <form method="post" action={action}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">{t("button")}</button>
      </form>
    </main>
  );
}

export function UnsubscribedView({ target, locale }: { target: UnsubscribeTargetView; locale: RenderLocale }) {
  const t = translator(locale, "forms.unsubscribe");
  return (
    <main id="main" className="container self-service">
      <h1>{t("doneTitle")}</h1>
      <p className="card" role="status">
        {t(target.type === "account" ? "doneAccount" : "doneSubscriber", { email: target.maskedEmail })}
      </p>
      <p>{t.rich("again", { link: (chunks) => <Link href={localePath(locale, "/subscribe")}>{chunks}</Link> })}</p>
    </main>
  );
}

export function InvalidUnsubscribeView({ locale }: { locale: RenderLocale }) {
  const t = translator(locale, "forms.unsubscribe");
  return (
    <main id="main" className="container self-service">
      <h1>{t("invalidTitle")}</h1>
      <p className="notice error">{t("invalid")}</p>
    </main>
  );
}
