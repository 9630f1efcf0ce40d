import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { queueFanoutJob, runFanoutJobAfterCommit } from "../mail/fanout-job";
import { queueLetterWebhook } from "../webhooks/queue-webhook-event";
import { publishLetterSchema, type PublishLetterInput } from "./letter-schemas";
import { fillPostIncidentReport } from "./post-incident-report";

/**
 * Publishes the working copy as a new LetterRevision. The first publication is
 * revision 1. Every later one is a correction: it must carry a note (shown publicly)
 * and must differ from the last revision. Published revisions are never updated. Each
 * language is published on its own: its revisions are numbered 1, 2, ... per language.
 * A post-incident report (kind post_incident_report) must have its sections, and its
 * {{impact}} and {{timeline}} are filled in from the records as it is published.
 */
export async function publishLetter(
  db: DbClient,
  principal: Principal,
  input: PublishLetterInput,
): Promise<{ slug: string; locale: string; revision: number; emailsQueued: number; fanoutJobId: string | null }> {
  authorize(principal.role, "letters:write");
  const data = publishLetterSchema.parse(input);
  const published = await inTransaction(db, async (tx) => {
    const letter = await tx.letter.findUnique({
      where: { id: data.id },
      include: { incident: { select: { defaultLocale: true } }, translations: data.locale ? { where: { locale: data.locale } } : false },
    });
    if (!letter) throw new AppError("NOT_FOUND", "This letter does not exist.");
    // Each language has its own working copy and its own revisions (docs/decisions/043).
    const locale = data.locale ?? letter.incident.defaultLocale;
    const isDefault = locale === letter.incident.defaultLocale;
    const source = isDefault ? letter : letter.translations?.[0];
    if (!source) throw new AppError("NOT_FOUND", `This letter has no ${locale} text to publish: write and save it first.`, { field: "locale" });
    if (source.version !== data.version) {
      throw new AppError("CONFLICT", `The draft changed (version ${source.version}) since you opened it (version ${data.version}). Reload and review it before publishing.`, {
        current: { version: source.version },
      });
    }
    if (!isDefault) {
      const defaultPublished = await tx.letterRevision.count({ where: { letterId: letter.id, locale: letter.incident.defaultLocale } });
      // A reader of a language without this letter falls back to the default: it must exist.
      if (defaultPublished === 0) {
        throw new AppError("VALIDATION", `Publish the letter in the incident's default language (${letter.incident.defaultLocale}) first.`, { field: "locale" });
      }
    }
    const last = await tx.letterRevision.findFirst({ where: { letterId: letter.id, locale }, orderBy: { revision: "desc" } });
    const body = letter.kind === "post_incident_report" ? await fillPostIncidentReport(tx, letter.incidentId, source.body) : source.body;
    if (last) {
      if (!data.correctionNote) {
        throw new AppError("VALIDATION", "A published letter is corrected, not edited: say what changed in the correction note.", { field: "correctionNote" });
      }
      const unchanged =
        last.title === source.title && last.body === body && last.signatoryName === source.signatoryName && last.signatoryTitle === source.signatoryTitle;
      if (unchanged) throw new AppError("VALIDATION", "The draft is the same as the published revision: there is nothing to correct.");
    }
    const revision = (last?.revision ?? 0) + 1;
    const now = new Date();
    await tx.letterRevision.create({
      data: {
        letterId: letter.id,
        locale,
        revision,
        title: source.title,
        body,
        signatoryName: source.signatoryName,
        signatoryTitle: source.signatoryTitle,
        correctionNote: last ? data.correctionNote : null,
        authorId: principal.staffId,
        publishedAt: now,
      },
    });
    if (!letter.publishedAt) await tx.letter.update({ where: { id: letter.id }, data: { publishedAt: now } });
    // The fan-out job is created in the same transaction: the letter and its emails' job
    // exist together; run here at once below, taken over by another instance if this one dies.
    const fanoutJobId = data.emailRecipients ? await queueFanoutJob(tx, { type: "letter", letterId: letter.id, revision, locale }, principal.actor) : null;
    await recordAudit(tx, principal.actor, {
      action: last ? "letter.publish_correction" : "letter.publish",
      targetType: "letter",
      targetId: letter.id,
      before: last ? { revision: last.revision } : { revision: null },
      after: { locale, revision, correctionNote: last ? data.correctionNote : null, fanoutJobId },
    });
    await queueLetterWebhook(tx, letter.id, revision, locale);
    return { slug: letter.slug, locale, revision, fanoutJobId };
  });
  const emailsQueued = published.fanoutJobId ? await runFanoutJobAfterCommit(db, published.fanoutJobId) : 0;
  return { ...published, emailsQueued };
}
