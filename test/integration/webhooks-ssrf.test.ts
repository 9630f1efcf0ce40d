import { afterAll, describe, expect, it } from "vitest";
import { cliPrincipal } from "@/lib/auth/principal";
import { parseEnv } from "@/lib/env";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { encryptWebhookSecret, generateWebhookSecret } from "@/lib/webhooks/webhook-secret";
import { addressRefusal, checkWebhookUrl } from "@/lib/webhooks/webhook-target";
import { startWebhookWorker } from "@/lib/webhooks/worker";
import { useTestDatabase } from "../helpers/db";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

const strict = { allowPrivate: false };

describe("webhook targets (SSRF)", () => {
  it("is strict unless WEBHOOKS_ALLOW_PRIVATE=1", () => {
    expect(parseEnv({}).WEBHOOKS_ALLOW_PRIVATE).toBe(false);
    expect(parseEnv({ WEBHOOKS_ALLOW_PRIVATE: "1" }).WEBHOOKS_ALLOW_PRIVATE).toBe(true);
  });

  it.each([
    ["http://hooks.example.com/x", /must be https/],
    ["ftp://hooks.example.com/x", /ftp: is not https/],
    ["https://user:pw@hooks.example.com/x", /credentials in the URL/],
    ["https://127.0.0.1/x", /127\.0\.0\.1 is a loopback address/],
    ["https://10.1.2.3/x", /private address/],
    ["https://192.168.0.10/x", /private address/],
    ["https://172.16.5.4/x", /private address/],
    ["https://169.254.169.254/latest/meta-data", /link-local address/],
    ["https://100.64.0.1/", /carrier-grade NAT/],
    ["https://0.0.0.0/", /unspecified/],
    ["https://[::1]/x", /::1 is a loopback address/],
    ["https://[fe80::1]/x", /link-local/],
    ["https://[fd00::5]/x", /unique local/],
    ["https://[::ffff:127.0.0.1]/x", /loopback/],
    ["https://[::ffff:a9fe:a9fe]/x", /link-local/],
    ["https://[64:ff9b::a00:1]/x", /NAT64/],
    ["https://localhost/x", /localhost resolves to .*loopback/],
    ["https://does-not-exist.invalid/x", /does not resolve/],
    ["not a url", /not a URL/],
  ])("refuses %s", async (url, reason) => {
    await expect(checkWebhookUrl(url, strict)).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(reason) as unknown });
  });

  it("accepts a public address, and private ones only when allowed", async () => {
    await expect(checkWebhookUrl("https://93.184.215.14/hooks?token=t", strict)).resolves.toBe("https://93.184.215.14/hooks?token=t");
    await expect(checkWebhookUrl("https://[2606:4700:4700::1111]/h", strict)).resolves.toBe("https://[2606:4700:4700::1111]/h");
    await expect(checkWebhookUrl("http://127.0.0.1:9/h", { allowPrivate: true })).resolves.toBe("http://127.0.0.1:9/h");
    expect(addressRefusal("8.8.8.8")).toBeNull();
    expect(addressRefusal("::ffff:8.8.8.8")).toBeNull();
  });

  describe("at delivery time", async () => {
    const db = await useTestDatabase();
    const receiver = await startWebhookReceiver();
    afterAll(() => receiver.close());

    it("refuses a private target at registration (the use case), saying which field", async () => {
      await expect(createWebhookEndpoint(db.prisma, cliPrincipal(), { url: "https://[::ffff:10.0.0.1]/h", events: ["incident.created"] }, strict)).rejects.toMatchObject({
        code: "VALIDATION",
        details: { field: "url" },
      });
    });

    it.each([
      ["a name that now resolves to loopback (DNS rebinding)", "https://localhost:PORT/hooks", /^refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address$/],
      ["an IPv4-mapped IPv6 literal", "https://[::ffff:127.0.0.1]:PORT/hooks", /^refused: ::ffff:7f00:1 is a loopback address$/],
      ["plain http", "http://localhost:PORT/hooks", /^refused: http: is not https$/],
    ])("parks a delivery to %s at once, with the reason", async (_what, template, reason) => {
      const port = new URL(receiver.url).port;
      // Stored as if it had passed the check when registered (the address changed since).
      const endpoint = await db.prisma.webhookEndpoint.create({
        data: { url: template.replace("PORT", port), events: ["incident.created"], secretCiphertext: encryptWebhookSecret(generateWebhookSecret()), secretPrefix: "whsec_x" },
      });
      const delivery = await db.prisma.webhookDelivery.create({ data: { endpointId: endpoint.id, eventType: "incident.created", payload: {} } });
      await startWebhookWorker({ db, allowPrivate: false, pollMs: 20, backoffBaseSeconds: 0.01, until: "empty", log: () => {} }).done;
      const row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      expect(row).toMatchObject({ status: "parked", attempts: 1 });
      expect(row.lastError).toMatch(reason);
      expect(receiver.requests).toHaveLength(0);
    });
  });
});
