import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ContentLanguageNote, contentLocaleOf } from "@/components/ContentLanguageNote";
import { LetterView } from "@/components/LetterView";
import { pageLocale } from "@/lib/i18n/page";
import { translator } from "@/lib/i18n/translator";
import { getLetter } from "@/lib/public/get-letter";
import { orNotFound } from "@/lib/public/not-found";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; revision: string; locale?: string }> };

function revisionNumber(raw: string): number {
  if (!/^[1-9]\d{0,5}$/.test(raw)) notFound();
  return Number(raw);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, revision } = await params;
  const page = await orNotFound(async () => getLetter(slug, revisionNumber(revision), contentLocaleOf(await pageLocale(params))));
  return { title: translator(await pageLocale(params), "letters")("revisionTitle", { title: page.shown.title, revision: page.shown.revision }) };
}

export default async function LetterRevisionPage({ params }: Props) {
  const { slug, revision } = await params;
  const page = await orNotFound(async () => getLetter(slug, revisionNumber(revision), contentLocaleOf(await pageLocale(params))));
  return (
    <main id="main" className="container">
      <ContentLanguageNote locale={await pageLocale(params)} shown={page.contentLocale} fallback={page.fallback} />
      <LetterView page={page} locale={await pageLocale(params)} />
    </main>
  );
}
