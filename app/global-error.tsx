"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { errorPageTexts } from "@/lib/i18n/error-page-texts";
import { direction, localePath, splitLocalePath } from "@/lib/i18n/routing";

/**
 * Last resort when a root layout itself fails: plain HTML, no error details, in the language
 * of the address (`/es/...` reads Spanish; decision 040). It replaces the layout, so it has no
 * request locale to read: the path is all it has.
 */
export default function GlobalError() {
  const pathname = usePathname();
  const { locale, texts: t } = errorPageTexts(pathname ? splitLocalePath(pathname).locale : undefined);
  return (
    <html lang={locale} dir={direction(locale)}>
      <body>
        <main id="main" style={{ maxWidth: "40rem", margin: "2rem auto", padding: "0 1rem", fontFamily: "system-ui, sans-serif" }}>
          <h1>{t.title}</h1>
          <p>{t.body}</p>
          <p>
            <Link href={localePath(locale, "/")}>{t.home}</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
