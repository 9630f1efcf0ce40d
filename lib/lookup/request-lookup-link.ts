import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "../db";
import { enqueueEmail } from "../mail/enqueue-email";
import { emailAddressSchema } from "../email-address";
import type { LookupLinkPayload } from "../mail/kinds/lookup-link";
import { lookupLinkSubject } from "../mail/templates/lookup-link";
import { padToFloor } from "../pad-to-floor";
import { parseInput } from "../parse-input";
import { addressKey, consumeRateLimits, ratePolicies, type RatePolicy } from "../rate-limit";

/**
 * "Is my data back?": emails a private link to every account with this address (and
 * reference, when given). The caller learns nothing: the answer, its status and its
 * timing are the same whether or not the address is known. Both paths run the same
 * rate-limit upserts and the same account query; the only extra work for a known
 * address (one token row and one outbox row per account) is hidden by padding the
 * whole call to a fixed floor (docs/readme/subscribers.md, test/integration/
 * subscribers-enumeration.test.ts measures it).
 */
export const lookupRequestSchema = z.object({
  email: emailAddressSchema,
  accountRef: z
    .string()
    .trim()
    .max(64, "That account reference is too long.")
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type LookupRequestInput = z.input<typeof lookupRequestSchema>;

export interface LookupOptions {
  ip: string;
  now?: Date;
  /** Every call takes a multiple of this long. */
  responseFloorMs?: number;
  perIp?: RatePolicy;
  perAddress?: RatePolicy;
}

export const lookupResponseFloorMs = 250;
/** One address rarely has more; a cap keeps the padded work bounded. */
const maxAccountsPerAddress = 10;

export async function requestLookupLink(db: Database, input: unknown, options: LookupOptions): Promise<{ accepted: true }> {
  const request = parseInput(lookupRequestSchema, input);
  const startedAt = performance.now();
  try {
    await consumeRateLimits(db.driver, [
      { policy: options.perIp ?? ratePolicies.lookupPerIp, key: options.ip },
      { policy: options.perAddress ?? ratePolicies.lookupPerAddress, key: addressKey(request.email) },
    ]);
    await db.prisma.$transaction(async (tx) => {
      const accounts = await tx.account.findMany({
        where: {
          email: request.email,
          ...(request.accountRef ? { externalRef: { equals: request.accountRef, mode: "insensitive" as const } } : {}),
        },
        select: { id: true, email: true, externalRef: true },
        orderBy: { id: "asc" },
        take: maxAccountsPerAddress,
      });
      for (const account of accounts) {
        // The link itself is issued when the email is sent (lib/mail/kinds/lookup-link.ts).
        const payload: LookupLinkPayload = { accountRef: account.externalRef };
        await enqueueEmail(tx, {
          dedupeKey: `lookup_link:${account.id}:${randomUUID()}`,
          kind: "lookup_link",
          to: account.email,
          accountId: account.id,
          subject: lookupLinkSubject(),
          payload,
        });
      }
    });
  } finally {
    await padToFloor(startedAt, options.responseFloorMs ?? lookupResponseFloorMs);
  }
  return { accepted: true };
}

/** The answer shown for every accepted lookup. */
export const lookupAnswer =
  "If this address belongs to an affected account, we have emailed it a private link to that account's recovery status. It can take a few minutes to arrive.";

