import type { DbClient } from "../db";

export async function listLettersForConsole(db: DbClient) {
  return db.letter.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      slug: true,
      title: true,
      kind: true,
      publishedAt: true,
      version: true,
      incident: { select: { title: true } },
      _count: { select: { revisions: true } },
    },
  });
}

export async function getLetterForEditor(db: DbClient, id: string) {
  return db.letter.findUnique({
    where: { id },
    include: {
      incident: { select: { title: true, slug: true, defaultLocale: true } },
      translations: true,
      revisions: { orderBy: [{ revision: "desc" }], include: { author: { select: { email: true } } } },
    },
  });
}
