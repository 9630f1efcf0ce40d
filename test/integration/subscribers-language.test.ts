import { describe, expect, it } from "vitest";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";
import { requestSubscription } from "@/lib/subscribers/request-subscription";
import { hashToken, newRandomToken } from "@/lib/tokens";
import { useTestDatabase } from "../helpers/db";
import { deliverDueMail } from "../helpers/mail-delivery";

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

describe("subscribers pick a language", async () => {
  const db = await useTestDatabase();
  const subscriber = () => db.prisma.subscriber.findUniqueOrThrow({ where: { email: "ana@example.org" } });

  it("the request's language (a BCP 47 tag) is the confirmation email's; a malformed tag is refused naming the field", async () => {
    await requestSubscription(db, { email: "ana@example.org", locale: "pt-PT" }, { ip: freshIp() });
    expect((await subscriber()).locale).toBe("pt-BR");
    const [email] = await deliverDueMail(db);
    expect(email?.subject).toBe("Confirme sua inscrição nas atualizações da recuperação");
    expect(email?.html).toContain("/pt-BR/subscribe/confirm/");
    await expect(requestSubscription(db, { email: "bad@example.org", locale: "en--x!" }, { ip: freshIp() })).rejects.toMatchObject({ code: "VALIDATION" });
    await requestSubscription(db, { email: "ja@example.org", locale: "ja" }, { ip: freshIp() });
    expect((await db.prisma.subscriber.findUniqueOrThrow({ where: { email: "ja@example.org" } })).locale).toBe("en");
  });

  it("a confirmed subscriber's language changes only by confirming, never by someone's request", async () => {
    const token = newRandomToken();
    await db.prisma.subscriber.update({ where: { email: "ana@example.org" }, data: { confirmTokenHash: hashToken(token) } });
    await confirmSubscription(db.prisma, token, undefined, new Date(), "de");
    expect((await subscriber()).locale).toBe("de");
    await requestSubscription(db, { email: "ana@example.org", locale: "fr" }, { ip: freshIp() });
    expect((await subscriber()).locale).toBe("de");
  });
});
