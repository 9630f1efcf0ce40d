import { Heading, Text } from "@react-email/components";
import { EmailLayout, EmailLink, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

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

/**
 * Every recipient of an update gets the same email but for the unsubscribe link: one
 * rendering per update, the link filled in per recipient.
 */
export async function renderIncidentUpdateEmail(p: IncidentUpdateEmailProps & { updateId: string }): Promise<RenderedEmail> {
  const { unsubscribeUrl, updateId, ...props } = p;
  const rendered = await renderTemplate(
    JSON.stringify(["update", updateId, Boolean(unsubscribeUrl)]),
    (slot) => <IncidentUpdateEmail {...props} unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null} />,
    { unsub: unsubscribeUrl ?? "" },
  );
  return { subject: incidentUpdateSubject(p), ...rendered, unsubscribeUrl: unsubscribeUrl ?? null };
}
