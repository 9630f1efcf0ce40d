import { describe, expect, it } from "vitest";
import { webhookBody } from "@/lib/webhooks/webhook-body";

const event = {
  type: "incident.updated",
  timestamp: new Date("2026-12-01T12:00:00.000Z"),
  data: {
    change: "update_posted",
    incident: { slug: "sync-loss", title: "Sync data loss", url: "https://status.example.com/incidents/sync-loss" },
    update: { status: "recovering", body: "Contacts are **back**\nfor most accounts." },
  },
};

describe("webhook bodies", () => {
  it("standard: the Standard Webhooks shape, type + timestamp + data", () => {
    expect(JSON.parse(webhookBody("standard", event))).toEqual({ type: "incident.updated", timestamp: "2026-12-01T12:00:00.000Z", data: event.data });
  });

  it("slack: one text line with the link, as an incoming webhook takes it", () => {
    expect(JSON.parse(webhookBody("slack", event))).toEqual({
      text: "Sync data loss: recovering. Contacts are **back** for most accounts. <https://status.example.com/incidents/sync-loss>",
    });
  });

  it("teams: an Adaptive Card message with the summary and an Open action", () => {
    const body = JSON.parse(webhookBody("teams", event)) as { type: string; attachments: { contentType: string; content: { body: { text: string }[]; actions: { url: string }[] } }[] };
    expect(body.type).toBe("message");
    expect(body.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(body.attachments[0]!.content.body[0]!.text).toBe("Sync data loss: recovering. Contacts are **back** for most accounts.");
    expect(body.attachments[0]!.content.actions[0]!.url).toBe("https://status.example.com/incidents/sync-loss");
  });

  it("summarises restores for chat without personal data", () => {
    const text = (JSON.parse(webhookBody("slack", {
      type: "account.restored",
      timestamp: new Date(),
      data: { account: { id: 7, ref: "ACC-7" }, incident: { slug: "sync-loss" }, categories: [{ key: "contacts", state: "restored" }, { key: "photos", state: "partial" }] },
    })) as { text: string }).text;
    expect(text).toBe("sync-loss: account ACC-7: contacts restored, photos partial");
  });
});
