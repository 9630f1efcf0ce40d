"use server";

import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { createLetter } from "@/lib/letters/create-letter";
import { createPostIncidentReport } from "@/lib/letters/create-post-incident-report";
import { createLetterSchema, createPostIncidentReportSchema, letterPublicPath, mergePreviewSchema, publishLetterSchema, saveLetterSchema, saveLetterTranslationSchema } from "@/lib/letters/letter-schemas";
import { previewLetterForAccount } from "@/lib/letters/preview-letter-for-account";
import { publishLetter } from "@/lib/letters/publish-letter";
import { saveLetter } from "@/lib/letters/save-letter";
import { saveLetterTranslation } from "@/lib/letters/save-letter-translation";

export const createLetterAction = defineAction("letters:write", createLetterSchema, async (input, { principal }) => createLetter(await prisma(), principal, input), {
  success: "Draft created.",
  redirect: (created) => `/admin/letters/${created.id}`,
});

export const createPostIncidentReportAction = defineAction(
  "letters:write",
  createPostIncidentReportSchema,
  async (input, { principal }) => createPostIncidentReport(await prisma(), principal, input),
  { success: "Draft created.", redirect: (created) => `/admin/letters/${created.id}` },
);

export const saveLetterAction = defineAction("letters:write", saveLetterSchema, async (input, { principal }) => saveLetter(await prisma(), principal, input), {
  success: "Draft saved. The public still reads the last published revision.",
  revalidate: (saved) => [`/admin/letters/${saved.id}`],
});

export const publishLetterAction = defineAction("letters:write", publishLetterSchema, async (input, { principal }) => publishLetter(await prisma(), principal, input), {
  success: "Published.",
  revalidate: (published) => ["public", "/", letterPublicPath(published.slug), { path: "/admin/letters", type: "layout" }],
});

/** Read only: the emailed version merged for one account. */
export const previewLetterForAccountAction = defineAction("accounts:read", mergePreviewSchema, async (input) => previewLetterForAccount(await prisma(), input), {
  success: "Preview",
});

/** The working copy in one more language; published as that language's own revisions. */
export const saveLetterTranslationAction = defineAction("letters:write", saveLetterTranslationSchema, async (input, { principal }) => saveLetterTranslation(await prisma(), principal, input), {
  success: "Draft saved. Readers of this language still read its last published revision (or the default language).",
  revalidate: (saved) => [`/admin/letters/${saved.id}`],
});
