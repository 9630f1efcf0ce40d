import { findIncidentBySlug } from "../../../lib/incidents/find-incident";
import { announcePublicChange } from "../../../lib/public/public-change-channel";
import { incidentStatuses } from "../../../lib/incidents/incident-schemas";
import { postIncidentUpdate } from "../../../lib/incidents/post-incident-update";
import { publicUrl } from "../../../lib/env";
import { defineCommand } from "../command";

export default defineCommand({
  name: "publish-update",
  summary: "Publish an incident update (markdown on stdin); publishes a draft incident with it",
  stdin: "the update's text, in markdown",
  description: `Moves the incident to --status. With --notify, the update is emailed to subscribers (queued
in the same transaction). A draft incident is published together with its update.`,
  options: {
    incident: { type: "string", value: "S", required: true, description: "the incident's slug" },
    status: { type: "string", value: "STATUS", required: true, description: `one of ${incidentStatuses.join(", ")}` },
    notify: { type: "boolean", description: "email the update to subscribers" },
  },
  fieldSources: { body: "stdin" },
  async run({ values }, ctx) {
    const body = await ctx.readStdin("The update's text");
    const db = await ctx.database();
    const incident = await findIncidentBySlug(db.prisma, values.incident);
    const posted = await postIncidentUpdate(db.prisma, ctx.principal, {
      incidentId: incident.id,
      status: values.status as never,
      body,
      notifySubscribers: values.notify,
      publishIncident: true,
    });
    const url = `${publicUrl()}/incidents/${posted.slug}`;
    // Running instances refresh their public pages now, not after PUBLIC_REFRESH_SECONDS.
    await announcePublicChange(db);
    return {
      data: { id: posted.id, incident: posted.slug, status: values.status, emailsQueued: posted.emailsQueued, incidentPublished: posted.incidentPublished, url },
      lines: [
        `Published the update on ${posted.slug} (${values.status}): ${url}`,
        ...(posted.incidentPublished ? ["The incident was a draft: it is now public."] : []),
        values.notify ? `Emails queued: ${posted.emailsQueued.toLocaleString("en-US")}.` : "No emails (use --notify to email subscribers).",
      ],
    };
  },
});
