import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/require-staff";
import { isLocale, locales, pseudoLocale, type RenderLocale } from "@/lib/i18n/locales";
import { previewEmail, previewKinds, type PreviewKind } from "@/lib/mail/preview-email";

export const metadata: Metadata = { title: "Email preview" };
export const dynamic = "force-dynamic";

export default async function MailPreviewPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: Promise<{ locale?: string }> }) {
  await requireStaff("mail:read");
  const { kind } = await params;
  if (!(previewKinds as readonly string[]).includes(kind)) notFound();
  const asked = (await searchParams).locale ?? "en";
  const locale: RenderLocale = isLocale(asked) || asked === pseudoLocale ? (asked as RenderLocale) : "en";
  const email = await previewEmail(kind as PreviewKind, locale);
  return (
    <main id="main" className="container">
      <p>
        <Link href="/admin/mail">← Mail</Link>
      </p>
      <h1>Preview: {kind}</h1>
      <nav aria-label="Language of the preview">
        Language:{" "}
        {[...locales, pseudoLocale].map((l, i) => (
          <span key={l}>
            {i > 0 ? " · " : null}
            {l === locale ? <strong aria-current="page">{l}</strong> : <Link href={`/admin/mail/preview/${kind}?locale=${l}`}>{l}</Link>}
          </span>
        ))}
      </nav>
      <p>
        Subject: <strong>{email.subject}</strong>
      </p>
      <iframe title="HTML version" sandbox="" srcDoc={email.html} style={{ width: "100%", height: "36rem", border: "1px solid var(--border)" }} />
      <h2>Text version</h2>
      <pre style={{ whiteSpace: "pre-wrap" }}>{email.text}</pre>
    </main>
  );
}
