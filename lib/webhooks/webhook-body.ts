import type { WebhookFormat } from "../generated/prisma/enums";

/**
 * The body an endpoint receives for one event. "standard" is the Standard Webhooks
 * shape, `{ type, timestamp, data }`; "slack" and "teams" are chat messages an incoming
 * webhook of Slack or a Teams workflow posts as they are (a one-line summary with the
 * link). Every format is signed the same way: the headers do not depend on the body.
 */
export interface WebhookEvent {
  type: string;
  /** When the event happened (the delivery row's creation, in the change's transaction). */
  timestamp: Date;
  data: Record<string, unknown>;
}

export function webhookBody(format: WebhookFormat, event: WebhookEvent): string {
  if (format === "standard") return JSON.stringify({ type: event.type, timestamp: event.timestamp.toISOString(), data: event.data });
  const { text, url } = summarizeEvent(event);
  if (format === "slack") return JSON.stringify({ text: url ? `${text} <${url}>` : text });
  return JSON.stringify({
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [{ type: "TextBlock", text, wrap: true }],
          ...(url ? { actions: [{ type: "Action.OpenUrl", title: "Open", url }] } : {}),
        },
      },
    ],
  });
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** One line for a person, and the page it is about. */
export function summarizeEvent(event: WebhookEvent): { text: string; url: string | null } {
  const d = event.data;
  const incident = obj(d.incident);
  const title = str(incident.title) || str(incident.slug);
  const url = str(incident.url) || null;
  switch (event.type) {
    case "incident.created":
      return { text: `New incident: ${title} (${str(incident.status)})`, url };
    case "incident.updated": {
      if (d.change === "update_posted") {
        const update = obj(d.update);
        const body = str(update.body).replace(/\s+/g, " ").trim();
        return { text: `${title}: ${str(update.status)}. ${body.length > 300 ? `${body.slice(0, 299)}…` : body}`, url };
      }
      return { text: `${d.change === "published" ? "Incident published" : "Incident edited"}: ${title}`, url };
    }
    case "letter.published": {
      const letter = obj(d.letter);
      const revision = Number(letter.revision);
      return { text: `${revision > 1 ? `Letter corrected (revision ${revision})` : "Letter published"}: ${str(letter.title)}`, url: str(letter.url) || null };
    }
    case "restores.batch_applied": {
      const states = Object.entries(obj(d.states)).map(([state, n]) => `${str(n)} ${state.replace("_", " ")}`);
      return { text: `${str(incident.slug)}: ${str(d.changes)} restore changes applied to ${str(d.accounts)} accounts (${states.join(", ")})`, url: null };
    }
    case "account.restored": {
      const categories = Array.isArray(d.categories) ? d.categories.map((c) => `${str(obj(c).key)} ${str(obj(c).state)}`) : [];
      return { text: `${str(incident.slug)}: account ${str(obj(d.account).ref)}: ${categories.join(", ")}`, url: null };
    }
    case "webhook.test":
      return { text: "Test delivery from Recovery Portal: this endpoint receives its events.", url: null };
    default:
      return { text: event.type, url };
  }
}
