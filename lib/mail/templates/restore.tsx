import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, EmailLink, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/**
 * The restore email: the latest state of every category of the account that changed
 * since its last restore email (lib/mail/kinds/restore.ts reads them when it is sent).
 */
export interface RestoreEmailProps {
  name: string;
  incidentTitle: string;
  /** `counts`: " (64 of 300 items)" or "" (see restoreCountText). */
  /** `stateLabel`: restoreStateText[state]; `counts`: " (64 of 300 items)" or "" (restoreCountText). */
  categories: { label: string; stateLabel: string; counts: string }[];
  complete: boolean;
  accountUrl: string;
  unsubscribeUrl?: string | null;
  /** Remedies this email announces (once per account and remedy: lib/mail/kinds/restore.ts). */
  remedies?: { name: string; offer: string }[];
}

export const restoreStateText = {
  restored: "restored",
  partial: "partly restored",
  unrecoverable: "could not be recovered",
} as const;

export function restoreCountText(c: { state: string; itemsRestored: number | null; itemsTotal: number | null }): string {
  if (c.itemsTotal == null || c.itemsTotal === 0 || c.state === "unrecoverable") return "";
  return ` (${(c.itemsRestored ?? 0).toLocaleString("en-US")} of ${c.itemsTotal.toLocaleString("en-US")} items)`;
}

export function restoreSubject(p: Pick<RestoreEmailProps, "complete">): string {
  return p.complete ? "The recovery of your account is complete" : "Some of your data has been restored";
}

export function RestoreEmail(p: RestoreEmailProps) {
  const preview = p.complete ? "Every category of your account has been processed." : p.categories.map((c) => `${c.label}: ${c.stateLabel}`).join(", ");
  return (
    <EmailLayout
      title={restoreSubject(p)}
      preview={preview}
      footer={
        <>
          You receive this email once for each change to your account after the {p.incidentTitle}.
          {p.unsubscribeUrl ? (
            <>
              {" "}To stop incident updates, <EmailLink tone="footer" href={p.unsubscribeUrl}>unsubscribe</EmailLink>; restore notices are still sent once.
            </>
          ) : null}
        </>
      }
    >
      <Heading as="h1" style={headingStyle}>
        {p.complete ? "The recovery of your account is complete" : "An update on your data"}
      </Heading>
      <Text style={textStyle}>Hello {p.name},</Text>
      <Text style={textStyle}>
        {p.complete
          ? "We have finished recovering your account. This is where each kind of data ended up:"
          : "We have made progress recovering your account:"}
      </Text>
      {p.categories.map((c) => (
        <Text key={c.label} style={{ ...textStyle, margin: "4px 0 4px 12px" }}>
          • {c.label}: {c.stateLabel}
          {c.counts}
        </Text>
      ))}
      {p.remedies?.length ? (
        <>
          <Text style={textStyle}>You qualify for:</Text>
          {p.remedies.map((r, i) => (
            <Text key={i} style={{ ...textStyle, margin: "4px 0 4px 12px" }}>
              • {r.name}: {r.offer}
            </Text>
          ))}
          <Text style={textStyle}>Accept it on your private page.</Text>
        </>
      ) : null}
      <Text style={textStyle}>See every category of your account, with item counts, on your private page:</Text>
      <Button href={p.accountUrl} style={buttonStyle}>
        View your account
      </Button>
      <Text style={{ ...textStyle, fontSize: "13px" }}>This link is personal; do not forward this email.</Text>
    </EmailLayout>
  );
}

/** What a restore email says, read by lib/mail/kinds/restore.ts when it is sent. */
export interface RestoreEmailData {
  displayName: string;
  complete: boolean;
  incidentTitle: string;
  /** /account/<token>: a credential, never kept (lib/mail/redact.ts). */
  accountUrl: string;
  unsubscribeUrl: string | null;
  categories: { label: string; state: keyof typeof restoreStateText; itemsRestored: number | null; itemsTotal: number | null }[];
  /** Optional: remedies announced in this email (name and offer as staff wrote them). */
  remedies?: { name: string; offer: string }[];
}

export async function renderRestoreEmail(data: RestoreEmailData): Promise<RenderedEmail> {
  const { complete, incidentTitle, categories, unsubscribeUrl } = data;
  // One rendering per shape (number of categories, complete or not); labels, states,
  // name, counts and links are filled in per recipient, so a batch of accounts whose
  // histories differ still renders a handful of times.
  const remedies = data.remedies ?? [];
  const shape = JSON.stringify(["restore", incidentTitle, complete, Boolean(unsubscribeUrl), categories.length, remedies.length]);
  const values: Record<string, string> = { name: data.displayName, url: data.accountUrl, unsub: unsubscribeUrl ?? "" };
  categories.forEach((c, i) => {
    values[`l${i}`] = c.label;
    values[`s${i}`] = restoreStateText[c.state];
    values[`c${i}`] = restoreCountText(c);
  });
  remedies.forEach((r, i) => {
    values[`rn${i}`] = r.name;
    values[`ro${i}`] = r.offer;
  });
  const rendered = await renderTemplate(
    shape,
    (slot) => (
      <RestoreEmail
        name={slot("name")}
        incidentTitle={incidentTitle}
        categories={categories.map((_c, i) => ({ label: slot(`l${i}`), stateLabel: slot(`s${i}`), counts: slot(`c${i}`) }))}
        complete={complete}
        accountUrl={slot("url")}
        unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null}
        remedies={remedies.map((_r, i) => ({ name: slot(`rn${i}`), offer: slot(`ro${i}`) }))}
      />
    ),
    values,
  );
  return { subject: restoreSubject({ complete }), ...rendered, unsubscribeUrl, secrets: [data.accountUrl] };
}
