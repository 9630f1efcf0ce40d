import type { Principal } from "../auth/principal";
import type { DbClient } from "../db";
import { createLetter } from "./create-letter";
import { createPostIncidentReportSchema, type CreatePostIncidentReportInput } from "./letter-schemas";
import { postIncidentReportTemplate } from "./post-incident-report";

/** A new post-incident report: a letter draft of that kind, its body the template of the expected sections. */
export async function createPostIncidentReport(db: DbClient, principal: Principal, input: CreatePostIncidentReportInput): Promise<{ id: string; slug: string }> {
  const data = createPostIncidentReportSchema.parse(input);
  return createLetter(db, principal, { ...data, body: postIncidentReportTemplate, kind: "post_incident_report" });
}
