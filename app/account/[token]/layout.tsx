import type { Viewport } from "next";
import { PublicFrame } from "@/components/PublicFrame";
import { direction } from "@/lib/i18n/locales";
import { accountPageLocale } from "./account-status";
import "../../globals.css";

/**
 * The private page's root layout: the public frame in the ACCOUNT's language (its address
 * has no language prefix; decision 040). The fast path (fast-path.tsx) serves the same frame
 * from /account/shell[-<locale>], rendered here too, so both answers are byte for byte equal.
 * No language switcher: the page follows the account's language.
 */
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
};

export default async function AccountLayout({ children, params }: { children: React.ReactNode; params: Promise<{ token: string }> }) {
  const { token } = await params;
  const locale = await accountPageLocale(token);
  return (
    <html lang={locale} dir={direction(locale)}>
      <body>
        <PublicFrame locale={locale}>{children}</PublicFrame>
      </body>
    </html>
  );
}
