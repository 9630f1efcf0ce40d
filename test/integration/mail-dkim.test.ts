import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dkimVerify } from "mailauth";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { createSmtpTransport, dkimFromEnv, listIdFor } from "@/lib/mail/transport";
import { startMailWorker } from "@/lib/mail/worker";
import { requestLookupLink } from "@/lib/lookup/request-lookup-link";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { startMailSink } from "../helpers/mail-sink";

/**
 * Issue 16, item 4: mail that reaches inboxes. The worker signs with the key that
 * MAIL_DKIM_DOMAIN, MAIL_DKIM_SELECTOR and MAIL_DKIM_PRIVATE_KEY_FILE name; a real
 * verifier (mailauth) checks each message the SMTP sink caught against the public key,
 * served by a local resolver as the TXT record <selector>._domainkey.<domain> would be.
 * Every message says Auto-Submitted: auto-generated; list-like mail (what carries an
 * unsubscribe link) has a List-Id.
 */
describe("DKIM-signed mail", async () => {
  const db = await useTestDatabase();
  const { incident, accounts } = await createIncidentWithAccounts(db, { accounts: 1, slug: "dkim" });
  const sink = await startMailSink({ parse: true });
  afterAll(() => sink.close());

  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const dir = mkdtempSync(path.join(tmpdir(), "rp-dkim-"));
  const keyFile = path.join(dir, "dkim.pem");
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
  const resolver = async (name: string, type: string) => {
    if (type === "TXT" && name === "rp2026._domainkey.mail.example.com") return [[record]];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
  };

  it("signs every message; mailauth verifies the signatures, and refuses a changed body", async () => {
    const e = parseEnv({ MAIL_DKIM_DOMAIN: "mail.example.com", MAIL_DKIM_SELECTOR: "rp2026", MAIL_DKIM_PRIVATE_KEY_FILE: keyFile });
    const dkim = dkimFromEnv(e);
    expect(dkim).toMatchObject({ domainName: "mail.example.com", keySelector: "rp2026" });
    const update = await db.prisma.incidentUpdate.create({ data: { incidentId: incident.id, status: "recovering", body: "Contacts are back." } });
    await db.driver.query(
      `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "subject", "payload") VALUES ('dkim-update', 'incident_update', 'fan@example.org', 'Update', jsonb_build_object('updateId', $1::text, 'subscriberId', '5f0c0a4e-0000-4000-8000-000000000001'))`,
      [update.id],
    );
    await requestLookupLink(db, { email: accounts[0]!.email }, { ip: "192.0.2.9", responseFloorMs: 0 });
    const transport = createSmtpTransport(sink.url, { maxConnections: 2, dkim, listId: listIdFor("https://status.example.com") });
    await startMailWorker({ db, transport, from: "Recovery Portal <recovery@mail.example.com>", until: "idle", pollMs: 20, log: () => {} }).done;
    await transport.close();
    await expect.poll(() => sink.received.length).toBe(2);

    for (const message of sink.received) {
      const verified = await dkimVerify(message.raw!, { resolver });
      expect(verified.results.map((r) => [r.signingDomain, r.status.result]), message.subject).toEqual([["mail.example.com", "pass"]]);
      const header = (name: string) => message.headers?.find((h) => h.key === name)?.value;
      expect(header("auto-submitted")).toBe("auto-generated");
      if (message.to === "fan@example.org") expect(header("list-id")).toBe('"Recovery Portal" <updates.status.example.com>');
      else expect(header("list-id")).toBeUndefined();

      // One letter of the body changed (after the blank line that ends the header).
      const raw = message.raw!.toString("latin1");
      const bodyAt = raw.indexOf("\r\n\r\n") + 4;
      const at = raw.slice(bodyAt).search(/[a-z]/) + bodyAt;
      const tampered = Buffer.from(raw.slice(0, at) + (raw[at] === "a" ? "b" : "a") + raw.slice(at + 1), "latin1");
      const refused = await dkimVerify(tampered, { resolver });
      // mailauth says "neutral" (body hash did not verify) or "fail" (signature): never "pass".
      expect(refused.results[0]?.status.result).toMatch(/^(neutral|fail)$/);
    }
  });

  it("takes all three settings or none, naming the missing one; an unreadable key stops the worker clearly", () => {
    expect(() => parseEnv({ MAIL_DKIM_DOMAIN: "mail.example.com" })).toThrow(
      "Invalid environment variable MAIL_DKIM_SELECTOR: is needed with MAIL_DKIM_DOMAIN (DKIM takes all three)",
    );
    expect(dkimFromEnv(parseEnv({}))).toBeNull();
    const e = parseEnv({ MAIL_DKIM_DOMAIN: "mail.example.com", MAIL_DKIM_SELECTOR: "rp2026", MAIL_DKIM_PRIVATE_KEY_FILE: path.join(dir, "missing.pem") });
    expect(() => dkimFromEnv(e)).toThrow(/MAIL_DKIM_PRIVATE_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/);
  });
});
