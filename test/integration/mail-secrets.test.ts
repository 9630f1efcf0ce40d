import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record-audit";
import { cliPrincipal } from "@/lib/auth/principal";
import { getOutboxEmail, listOutbox } from "@/lib/mail/list-outbox";
import { previewEmail, previewKinds } from "@/lib/mail/preview-email";
import { resendEmail } from "@/lib/mail/resend-email";
import { createCapturedTransport, type MailTransport, type OutgoingMessage } from "@/lib/mail/transport";
import { startMailWorker } from "@/lib/mail/worker";
import { resolveLookupToken } from "@/lib/lookup/resolve-lookup-token";
import { requestLookupLink } from "@/lib/lookup/request-lookup-link";
import { applyStateChanges } from "@/lib/restores/apply-state-changes";
import { findInvite } from "@/lib/staff/accept-invite";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { requestSubscription } from "@/lib/subscribers/request-subscription";
import { hashToken } from "@/lib/tokens";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

/**
 * Issue 11, item 2: a token link is a credential only its recipient sees. Every kind that
 * carries one (private account link of a restore email, lookup link, subscription
 * confirm, staff invite) is sent through the real worker with the captured store (the
 * mail view's source). The recipient's copy has working links; the mail view (its list
 * and its detail, with the captured message) and the previews have none; no raw token is
 * left in the database; a resend carries a fresh token.
 *
 * Seen failing without the fix: before it the captured copy held every link as sent (the
 * viewer could open the customer's private page and accept the staff invite), and the
 * outbox payload of lookup_link and subscription_confirm held the raw token.
 */
const staff: Actor = { type: "staff", id: null, label: "support@example.com" };

describe("least privilege for secrets in mail", async () => {
  const db = await useTestDatabase();
  const { accounts, categories } = await createIncidentWithAccounts(db, { accounts: 2, slug: "secret-links" });

  /** The worker, with the captured store behind a tap that sees what the recipient gets. */
  async function deliver(): Promise<OutgoingMessage[]> {
    const sent: OutgoingMessage[] = [];
    const captured = createCapturedTransport(db);
    const transport: MailTransport = {
      kind: "captured",
      async send(m) {
        sent.push(m);
        return captured.send(m);
      },
      async close() {},
    };
    await startMailWorker({ db, transport, until: "idle", pollMs: 20, log: () => {} }).done;
    return sent;
  }

  /** The tokens of the token links in a text. */
  const tokensIn = (text: string) => [...new Set([...text.matchAll(/\/(?:account|subscribe\/confirm|admin\/invite)\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!))];
  /** Everything in a text that could be one of our tokens (43 base64url characters). */
  const tokenShaped = (text: string) => [...text.matchAll(/[A-Za-z0-9_-]{43}/g)].map((m) => m[0]);

  async function works(token: string): Promise<boolean> {
    if (await findInvite(db.prisma, token)) return true;
    if (await resolveLookupToken(db.prisma, token).then(() => true, () => false)) return true;
    return (await db.prisma.subscriber.count({ where: { confirmTokenHash: hashToken(token) } })) > 0;
  }

  it("delivers working links to the recipients and none to the mail view", async () => {
    await applyStateChanges(db.prisma, [{ accountId: accounts[0]!.id, categoryId: categories[0]!.id, toState: "restored" }], staff, { coalesceSeconds: 0 });
    await requestLookupLink(db, { email: accounts[1]!.email }, { ip: "192.0.2.1", responseFloorMs: 0 });
    await requestSubscription(db, { email: "fan@example.org" }, { ip: "192.0.2.2" });
    const invited = await inviteStaff(db.prisma, cliPrincipal(), { email: "new.viewer@example.com", role: "viewer" });

    // Nothing waiting in the outbox is a credential.
    const queued = await db.prisma.emailOutbox.findMany({ select: { payload: true } });
    expect(queued.flatMap((r) => tokenShaped(JSON.stringify(r.payload)))).toEqual([]);

    const sent = await deliver();
    expect(sent.map((m) => m.to).sort()).toEqual([accounts[0]!.email, accounts[1]!.email, "fan@example.org", "new.viewer@example.com"].sort());
    const delivered = sent.flatMap((m) => tokensIn(m.text));
    expect(delivered).toHaveLength(4);
    for (const token of delivered) expect(await works(token), token).toBe(true);

    // What the mail view shows: the list, and each message with its captured copy.
    const view = [JSON.stringify(await listOutbox(db.prisma, {}))];
    for (const m of sent) view.push(JSON.stringify(await getOutboxEmail(db.prisma, m.outboxId)));
    for (const kind of previewKinds) view.push(JSON.stringify(await previewEmail(kind)));
    const shown = view.join("\n");
    for (const token of delivered) expect(shown).not.toContain(token);
    for (const token of tokenShaped(shown)) expect(await works(token), `the mail view shows a working token ${token}`).toBe(false);
    expect(shown).not.toMatch(/\/unsubscribe\/[as]\./);
    expect(shown).toContain("[link removed: only the recipient gets it]");

    // No raw token left anywhere in the database once the messages are sent.
    const [dump] = await db.driver.query<{ all: string }>(
      `SELECT (SELECT coalesce(json_agg(o), '[]')::text FROM "email_outbox" o) || (SELECT coalesce(json_agg(c), '[]')::text FROM "captured_email" c)
              || (SELECT coalesce(json_agg(v), '[]')::text FROM "verification" v) AS "all"`,
    );
    for (const token of delivered) expect(dump!.all).not.toContain(token);
    // The link the admin was shown at creation works too (shown once, never stored).
    expect(await findInvite(db.prisma, invited.inviteUrl!.split("/").pop()!)).toMatchObject({ email: "new.viewer@example.com" });
    expect(dump!.all).not.toContain(invited.inviteUrl!.split("/").pop()!);
  });

  it("a resend carries a fresh token", async () => {
    const [first] = await db.prisma.emailOutbox.findMany({ where: { kind: "lookup_link" } });
    const before = await db.prisma.capturedEmail.findUniqueOrThrow({ where: { outboxId: first!.id } });
    await resendEmail(db.prisma, staff, first!.id);
    const [again] = await deliver();
    expect(again?.outboxId).toBe(first!.id);
    const token = tokensIn(again!.text)[0]!;
    expect(await works(token)).toBe(true);
    expect(before.text).not.toContain(token);
    expect(await db.prisma.lookupToken.count({ where: { accountId: accounts[1]!.id } })).toBe(2);
  });
});
