import { describe, expect, it } from "vitest";
import { EmailKind } from "@/lib/generated/prisma/enums";
import { previewPayloads } from "@/lib/mail/preview-email";
import { rendererFor, RenderError } from "@/lib/mail/templates";
import { unsubscribeUrlFor } from "@/lib/mail/unsubscribe-link";
import type { OutboxRow } from "@/lib/mail/outbox-row";

const row = (kind: OutboxRow["kind"], payload: Record<string, unknown>, accountId: number | null = null): OutboxRow => ({
  id: 1, dedupeKey: "k", kind, toAddress: "a@example.com", accountId, subject: "s", payload, status: "sending", attempts: 0,
});
const noDb = {} as never;

describe("email registry", () => {
  it("has a renderer for every kind of email the app queues", () => {
    for (const kind of Object.values(EmailKind)) expect(rendererFor(kind), kind).toBeDefined();
  });

  it("renders the lookup link, subscription confirmation and staff invite from their payloads (the previews' samples)", async () => {
    const lookup = await rendererFor("lookup_link")!(row("lookup_link", previewPayloads.lookup_link), noDb);
    expect(lookup.text).toContain(`/account/${previewPayloads.lookup_link.token}`);
    const confirm = await rendererFor("subscription_confirm")!(row("subscription_confirm", previewPayloads.subscription_confirm), noDb);
    expect(confirm.text).toContain(`/subscribe/confirm/${previewPayloads.subscription_confirm.token}?incident=cloud-sync-outage`);
    const invite = await rendererFor("staff_invite")!(row("staff_invite", previewPayloads.staff_invite), noDb);
    expect(invite.text).toContain("admin@example.com has invited you to the Recovery Portal staff console as support.");
    expect(invite.html).toContain(previewPayloads.staff_invite.inviteUrl);
  });

  it("parks a malformed payload instead of retrying it", async () => {
    await expect(rendererFor("staff_invite")!(row("staff_invite", { name: "Ada" }), noDb)).rejects.toBeInstanceOf(RenderError);
  });

  it("gives updates a one-click unsubscribe link for the subscriber, or for the affected account", () => {
    expect(unsubscribeUrlFor(row("incident_update", { subscriberId: "5f0c0a4e-0000-4000-8000-000000000001" }))).toMatch(/\/unsubscribe\/[A-Za-z0-9_.-]+$/);
    expect(unsubscribeUrlFor(row("restore", {}, 42))).toMatch(/\/unsubscribe\/[A-Za-z0-9_.-]+$/);
    expect(unsubscribeUrlFor(row("restore", {}, 42))).not.toBe(unsubscribeUrlFor(row("restore", {}, 43)));
    expect(unsubscribeUrlFor(row("lookup_link", {}))).toBeNull();
  });
});
