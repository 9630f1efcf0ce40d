import { createIncident } from "../../../lib/incidents/create-incident";
import { announcePublicChange } from "../../../lib/public/public-change-channel";
import { knownDataCategories, parseCategoryKeys } from "../../../lib/incidents/data-categories";
import { incidentImpacts } from "../../../lib/incidents/incident-schemas";
import { publicUrl } from "../../../lib/env";
import { locales } from "../../../lib/i18n/locales";
import { defineCommand } from "../command";

export default defineCommand({
  name: "create-incident",
  summary: "Create an incident with the kinds of data it affects (a draft unless --publish)",
  description: `--categories takes keys, in the order the status page lists them. Known keys:
  ${Object.keys(knownDataCategories).join(", ")}
A kind of data not in that list needs its label: voicemail=Voicemail. An unknown or repeated
key is refused, naming it. The incident stays a draft (not public) until --publish, or until
the first publish-update.`,
  options: {
    slug: { type: "string", value: "S", required: true, description: "its address: /incidents/S (lower-case letters, digits, hyphens)" },
    title: { type: "string", value: "T", required: true, description: "headline on the status page" },
    categories: { type: "string", value: "K,K,...", required: true, description: "kinds of data affected, e.g. contacts,calendar,photos" },
    summary: { type: "string", value: "TEXT", description: "what happened, in a sentence or two (default: the title)" },
    impact: { type: "string", value: "I", default: "major", description: `one of ${incidentImpacts.join(", ")}` },
    "started-at": { type: "string", value: "ISO", description: "when it started, e.g. 2026-12-01T08:00:00Z (default: now)" },
    publish: { type: "boolean", description: "publish it at once (otherwise a draft)" },
    language: { type: "string", value: "L", default: "en", description: `the language its text is written in (${locales.join(", ")}); others are added in the console` },
  },
  fieldSources: { defaultLocale: "--language" },
  async run({ values }, ctx) {
    const categories = parseCategoryKeys(values.categories);
    const db = await ctx.database();
    const created = await createIncident(
      db.prisma,
      ctx.principal,
      {
        slug: values.slug,
        title: values.title,
        summary: values.summary ?? values.title,
        impact: values.impact as never,
        startedAt: values["started-at"] ?? new Date().toISOString(),
        categories,
        defaultLocale: values.language as never,
      },
      { publish: values.publish },
    );
    const url = `${publicUrl()}/incidents/${created.slug}`;
    // Running instances refresh their public pages now, not after PUBLIC_REFRESH_SECONDS.
    await announcePublicChange(db);
    return {
      data: { id: created.id, slug: created.slug, published: created.publishedAt !== null, publishedAt: created.publishedAt?.toISOString() ?? null, url, categories },
      lines: [
        `Created incident ${created.slug} (${categories.map((c) => c.key).join(", ")}), id ${created.id}.`,
        created.publishedAt ? `Published: ${url}` : "It is a draft: publish it with --publish next time, or with the first publish-update.",
      ],
    };
  },
});
