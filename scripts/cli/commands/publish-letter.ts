import { publicUrl } from "../../../lib/env";
import { announcePublicChange } from "../../../lib/public/public-change-channel";
import { findIncidentBySlug } from "../../../lib/incidents/find-incident";
import { publishLetterFromText } from "../../../lib/letters/publish-letter-from-text";
import { defaultLocale, locales } from "../../../lib/i18n/locales";
import { UsageError, defineCommand } from "../command";

export default defineCommand({
  name: "publish-letter",
  summary: "Publish an apology letter (markdown on stdin), or a correction of one",
  stdin: "the letter's text, in markdown",
  description: `The letter's address is /letters/SLUG (default: from the title). A letter that exists is
never replaced silently: publishing it again needs --correction "what changed", and becomes a new
revision, shown as a correction.`,
  options: {
    incident: { type: "string", value: "S", required: true, description: "the incident's slug" },
    title: { type: "string", value: "T", required: true, description: "the letter's title" },
    signatory: { type: "string", value: '"Name, Title"', required: true, description: 'who signs it: "Jane Doe, Chief Executive Officer"' },
    slug: { type: "string", value: "SLUG", description: "its address (default: from the title)" },
    correction: { type: "string", value: "NOTE", description: "publish a correction of an existing letter, saying what changed" },
    email: { type: "boolean", description: "email it, personalised, to subscribers and affected accounts" },
    language: { type: "string", value: "L", description: `publish the letter in another language (${locales.join(", ")}): its own revisions; the letter must exist in the incident's default language` },
  },
  fieldSources: { correctionNote: "--correction", signatoryName: "--signatory", signatoryTitle: "--signatory", body: "stdin", locale: "--language" },
  async run({ values }, ctx) {
    const comma = values.signatory.indexOf(",");
    const signatoryName = comma === -1 ? "" : values.signatory.slice(0, comma).trim();
    const signatoryTitle = comma === -1 ? "" : values.signatory.slice(comma + 1).trim();
    if (!signatoryName || !signatoryTitle) throw new UsageError('give the name and the title, separated by a comma: "Jane Doe, Chief Executive Officer"', "--signatory");
    const body = await ctx.readStdin("The letter's text");
    const db = await ctx.database();
    const incident = await findIncidentBySlug(db.prisma, values.incident);
    const published = await publishLetterFromText(db.prisma, ctx.principal, {
      incidentId: incident.id,
      slug: values.slug,
      title: values.title,
      body,
      signatoryName,
      signatoryTitle,
      correctionNote: values.correction,
      emailRecipients: values.email,
      locale: values.language as never,
    });
    const url = `${publicUrl()}${values.language && values.language !== defaultLocale ? `/${values.language}` : ""}/letters/${published.slug}`;
    // Running instances refresh their public pages now, not after PUBLIC_REFRESH_SECONDS.
    await announcePublicChange(db);
    return {
      data: { ...published, incident: incident.slug, url },
      lines: [
        `Published ${published.corrected ? `correction (revision ${published.revision}) of` : "the letter"} ${published.slug}: ${url}`,
        ...(incident.publishedAt ? [] : [`Note: incident ${incident.slug} is still a draft; the letter is public once the incident is.`]),
        values.email ? `Emails queued: ${published.emailsQueued.toLocaleString("en-US")}.` : "No emails (use --email to send it).",
      ],
    };
  },
});
