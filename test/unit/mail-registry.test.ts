import { describe, expect, it } from "vitest";
import { EmailKind } from "@/lib/generated/prisma/enums";
import { mailKinds } from "@/lib/mail/kinds";
import { unsubscribeUrlFor } from "@/lib/mail/unsubscribe-link";
import type { OutboxRow } from "@/lib/mail/outbox-row";

const row = (kind: OutboxRow["kind"], payload: Record<string, unknown>, accountId: number | null = null): OutboxRow => ({
  id: 1, dedupeKey: "k", kind, toAddress: "a@example.com", accountId, subject: "s", payload, status: "sending", attempts: 0,
});
const noDb = {} as never;

describe("email registry", () => {
  it("has a kind (prepare + template) for every kind of email the app queues", () => {
    for (const kind of Object.values(EmailKind)) expect(mailKinds[kind], kind).toBeDefined();
  });

  it("parks a malformed payload instead of retrying it, before touching the database", async () => {
    const invite = await mailKinds.staff_invite.prepare([row("staff_invite", { name: "Ada" })], noDb);
    expect(invite.get(1)).toEqual({ park: expect.stringMatching(/^Malformed staff_invite payload: role: .*expiresInDays/) });
    const lookup = await mailKinds.lookup_link.prepare([row("lookup_link", {}, 5)], noDb);
    expect(lookup.get(1)).toEqual({ park: expect.stringMatching(/^Malformed lookup_link email: accountRef/) });
  });

  it("gives updates a one-click unsubscribe link for the subscriber, or for the affected account", () => {
    expect(unsubscribeUrlFor(row("incident_update", { subscriberId: "5f0c0a4e-0000-4000-8000-000000000001" }))).toMatch(/\/unsubscribe\/[A-Za-z0-9_.-]+$/);
    expect(unsubscribeUrlFor(row("restore", {}, 42))).toMatch(/\/unsubscribe\/[A-Za-z0-9_.-]+$/);
    expect(unsubscribeUrlFor(row("restore", {}, 42))).not.toBe(unsubscribeUrlFor(row("restore", {}, 43)));
    expect(unsubscribeUrlFor(row("lookup_link", {}))).toBeNull();
  });
});
