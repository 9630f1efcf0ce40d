"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { localePath } from "@/lib/i18n/routing";
import { errorPageTexts } from "@/lib/i18n/error-page-texts";

/**
 * Shown when a page fails. Never shows the error itself (no stack trace, no message
 * that could leak internals): only what the reader can do. Next logs the error server-side.
 * A client component (Next requires it), so its few words come with it for every language.
 */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const params = useParams<{ locale?: string }>();
  const { locale, texts: t } = errorPageTexts(params?.locale);
  return (
    <main id="main" className="container">
      <h1>{t.title}</h1>
      <p>{t.body}</p>
      <p>
        <button type="button" onClick={() => reset()}>
          {t.retry}
        </button>{" "}
        <Link href={localePath(locale, "/")}>{t.home}</Link>
      </p>
    </main>
  );
}
