import { Heading, Text } from "@react-email/components";
import { publicUrl } from "../../env";
import { renderMarkdown } from "../../markdown";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import { EmailLayout, EmailLink, headingStyle, renderTemplate, textStyle } from "./layout";
import { RenderError, type EmailRenderer } from "./types";

/** An incident update, sent to subscribers and affected accounts (queue-update-fanout.ts). */
export interface IncidentUpdateEmailProps {
  incidentTitle: string;
  status: string;
  bodyHtml: string;
  publishedAt: Date;
  incidentUrl: string;
  unsubscribeUrl?: string | null;
}

export const incidentStatusLabel: Record<string, string> = {
  investigating: "Investigating",
  identified: "Identified",
  recovering: "Recovering",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export function incidentUpdateSubject(p: Pick<IncidentUpdateEmailProps, "status" | "incidentTitle">): string {
  return `${incidentStatusLabel[p.status] ?? p.status}: ${p.incidentTitle}`;
}

export function IncidentUpdateEmail(p: IncidentUpdateEmailProps) {
  return (
    <EmailLayout
      title={incidentUpdateSubject(p)}
      preview={incidentUpdateSubject(p)}
      footer={
        <>
          You receive this email because you asked for updates on this incident or your account was affected.
          {p.unsubscribeUrl ? (
            <>
              {" "}
              <EmailLink tone="footer" href={p.unsubscribeUrl}>Unsubscribe from updates</EmailLink>.
            </>
          ) : null}
        </>
      }
    >
      <Heading as="h1" style={headingStyle}>
        {p.incidentTitle}
      </Heading>
      <Text style={{ ...textStyle, fontWeight: 600 }}>
        {incidentStatusLabel[p.status] ?? p.status} · {p.publishedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
      </Text>
      <div style={textStyle} dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
      <Text style={textStyle}>
        <EmailLink href={p.incidentUrl}>Read every update on the status page</EmailLink>
      </Text>
    </EmailLayout>
  );
}

export const renderIncidentUpdateEmail: EmailRenderer = async (row, db) => {
  const updateId = row.payload.updateId;
  if (typeof updateId !== "string") throw new RenderError("incident update email without payload.updateId");
  const update = await db.prisma.incidentUpdate.findUnique({
    where: { id: updateId },
    select: { status: true, body: true, publishedAt: true, incident: { select: { title: true, slug: true } } },
  });
  if (!update) throw new RenderError(`incident update ${updateId} no longer exists`);
  const unsubscribeUrl = unsubscribeUrlFor(row);
  const props: IncidentUpdateEmailProps = {
    incidentTitle: update.incident.title,
    status: update.status,
    bodyHtml: renderMarkdown(update.body),
    publishedAt: update.publishedAt,
    incidentUrl: `${publicUrl()}/incidents/${update.incident.slug}`,
  };
  // Every recipient of an update gets the same email but for the unsubscribe link.
  const rendered = await renderTemplate(
    JSON.stringify(["update", updateId, Boolean(unsubscribeUrl)]),
    (slot) => <IncidentUpdateEmail {...props} unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null} />,
    { unsub: unsubscribeUrl ?? "" },
  );
  return { subject: incidentUpdateSubject({ status: update.status, incidentTitle: update.incident.title }), ...rendered, unsubscribeUrl };
};
