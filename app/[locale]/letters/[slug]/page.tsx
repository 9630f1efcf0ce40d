import type { Metadata } from "next";
import { DataFreshness } from "@/components/DataFreshness";
import { ContentLanguageNote, contentLocaleOf } from "@/components/ContentLanguageNote";
import { LetterView } from "@/components/LetterView";
import { pageLocale } from "@/lib/i18n/page";
import { getLetter } from "@/lib/public/get-letter";
import { orNotFound } from "@/lib/public/not-found";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; locale?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const page = await orNotFound(async () => getLetter(slug, undefined, contentLocaleOf(await pageLocale(params))));
  return { title: page.latest.title };
}

export default async function LetterPage({ params }: Props) {
  const { slug } = await params;
  const locale = await pageLocale(params);
  const page = await orNotFound(() => getLetter(slug, undefined, contentLocaleOf(locale)));
  return (
    <main id="main" className="container">
      {page.stale ? <DataFreshness generatedAt={page.generatedAt} ageSeconds={page.ageSeconds} stale locale={locale} /> : null}
      <ContentLanguageNote locale={locale} shown={page.contentLocale} fallback={page.fallback} />
      <LetterView page={page} locale={locale} />
    </main>
  );
}
