import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { database, inTransaction, isRootClient, type DbClient } from "../db";
import { AppError } from "../errors";
import { queueFanoutJob, runFanoutJob } from "../mail/fanout-job";
import { queueLetterWebhook } from "../webhooks/queue-webhook-event";
import { publishLetterSchema, type PublishLetterInput } from "./letter-schemas";

/**
 * Publishes the working copy as a new LetterRevision. The first publication is
 * revision 1. Every later one is a correction: it must carry a note (shown publicly)
 * and must differ from the last revision. Published revisions are never updated.
 */
export async function publishLetter(
  db: DbClient,
  principal: Principal,
  input: PublishLetterInput,
): Promise<{ slug: string; revision: number; emailsQueued: number }> {
  authorize(principal.role, "letters:write");
  const data = publishLetterSchema.parse(input);
  const published = await inTransaction(db, async (tx) => {
    const letter = await tx.letter.findUnique({
      where: { id: data.id },
      include: { revisions: { orderBy: { revision: "desc" }, take: 1 } },
    });
    if (!letter) throw new AppError("NOT_FOUND", "This letter does not exist.");
    if (letter.version !== data.version) {
      throw new AppError("CONFLICT", `The draft changed (version ${letter.version}) since you opened it (version ${data.version}). Reload and review it before publishing.`, {
        current: { version: letter.version },
      });
    }
    const last = letter.revisions[0];
    if (last) {
      if (!data.correctionNote) {
        throw new AppError("VALIDATION", "A published letter is corrected, not edited: say what changed in the correction note.", { field: "correctionNote" });
      }
      const unchanged =
        last.title === letter.title && last.body === letter.body && last.signatoryName === letter.signatoryName && last.signatoryTitle === letter.signatoryTitle;
      if (unchanged) throw new AppError("VALIDATION", "The draft is the same as the published revision: there is nothing to correct.");
    }
    const revision = (last?.revision ?? 0) + 1;
    const now = new Date();
    await tx.letterRevision.create({
      data: {
        letterId: letter.id,
        revision,
        title: letter.title,
        body: letter.body,
        signatoryName: letter.signatoryName,
        signatoryTitle: letter.signatoryTitle,
        correctionNote: last ? data.correctionNote : null,
        authorId: principal.staffId,
        publishedAt: now,
      },
    });
    if (!letter.publishedAt) await tx.letter.update({ where: { id: letter.id }, data: { publishedAt: now } });
    // The fan-out job is created in the same transaction: the letter and its emails' job
    // exist together; run here at once below, taken over by another instance if this one dies.
    const fanoutJobId = data.emailRecipients ? await queueFanoutJob(tx, { type: "letter", letterId: letter.id, revision }, principal.actor) : null;
    await recordAudit(tx, principal.actor, {
      action: last ? "letter.publish_correction" : "letter.publish",
      targetType: "letter",
      targetId: letter.id,
      before: last ? { revision: last.revision } : { revision: null },
      after: { revision, correctionNote: last ? data.correctionNote : null, fanoutJobId },
    });
    await queueLetterWebhook(tx, letter.id, revision);
    return { slug: letter.slug, revision, fanoutJobId };
  });
  const { fanoutJobId, ...rest } = published;
  const emailsQueued = fanoutJobId && isRootClient(db) ? ((await runFanoutJob(await database(), fanoutJobId)) ?? 0) : 0;
  return { ...rest, emailsQueued };
}
