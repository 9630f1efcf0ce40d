import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { createHash } from "node:crypto";
import type { Driver } from "./db";
import { AppError } from "./errors";

/**
 * Rate limits for the public forms, kept in the database (table rate_limit) so that
 * they hold across app instances. rate-limiter-flexible's RateLimiterPostgres does the
 * atomic upsert; it talks to our Driver through a small pool-shaped adapter, which is
 * what lets the same limiter run on PGlite and on PostgreSQL
 * (docs/decisions/008-subscribers-rate-limit.md).
 */
export interface RatePolicy {
  /** Key prefix in the table, e.g. "lookup-ip". */
  name: string;
  points: number;
  durationSeconds: number;
}

export const ratePolicies = {
  lookupPerIp: { name: "lookup-ip", points: 30, durationSeconds: 3600 },
  lookupPerAddress: { name: "lookup-address", points: 5, durationSeconds: 3600 },
  subscribePerIp: { name: "subscribe-ip", points: 30, durationSeconds: 3600 },
  subscribePerAddress: { name: "subscribe-address", points: 5, durationSeconds: 3600 },
  /** Reports and answers on support cases from one private link, and from one account. */
  caseMessagePerToken: { name: "case-token", points: 10, durationSeconds: 3600 },
  caseMessagePerAccount: { name: "case-account", points: 20, durationSeconds: 3600 },
  /** Accepting a remedy from one private link (a claim is idempotent; this stops a script, not a customer). */
  remedyClaimPerToken: { name: "remedy-claim-token", points: 10, durationSeconds: 3600 },
  /** Failed staff sign-ins (a wrong password or second factor) per account address, whoever sends them. */
  signInFailuresPerAccount: { name: "sign-in-account", points: 10, durationSeconds: 900 },
} satisfies Record<string, RatePolicy>;

interface PgQuery {
  text: string;
  values?: unknown[];
}

/** The subset of a pg Pool that RateLimiterPostgres (storeType "pool") uses. */
function poolShapedClient(driver: Pick<Driver, "query">) {
  return {
    async query(q: PgQuery) {
      const rows = await driver.query(q.text, q.values);
      return { rows, rowCount: rows.length };
    },
  };
}

const limiters = new WeakMap<object, Map<string, RateLimiterPostgres>>();

function limiterFor(driver: Driver, policy: RatePolicy): RateLimiterPostgres {
  let byPolicy = limiters.get(driver);
  if (!byPolicy) {
    byPolicy = new Map();
    limiters.set(driver, byPolicy);
  }
  const id = `${policy.name}:${policy.points}:${policy.durationSeconds}`;
  let limiter = byPolicy.get(id);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: poolShapedClient(driver),
      storeType: "pool",
      tableName: "rate_limit",
      // Created by migration 20261126040000_subscribers_rate_limit, not at run time.
      tableCreated: true,
      keyPrefix: policy.name,
      points: policy.points,
      duration: policy.durationSeconds,
      // Expired rows are overwritten on the next hit; sweeping them is not needed.
      clearExpiredByTimeout: false,
    });
    byPolicy.set(id, limiter);
  }
  return limiter;
}

/** Addresses are not stored in the counter table, only a hash of them. */
export function addressKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 40);
}

export interface RateCheck {
  policy: RatePolicy;
  key: string;
}

/**
 * Takes one point from each check, in order; the first that is exhausted throws
 * RATE_LIMITED (details.retryAfterSeconds) and later checks are not charged.
 */
export async function consumeRateLimits(driver: Driver, checks: RateCheck[]): Promise<void> {
  for (const check of checks) {
    try {
      await limiterFor(driver, check.policy).consume(check.key.slice(0, 200), 1);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new AppError("RATE_LIMITED", "Too many requests. Please wait a while and try again.", { retryAfterSeconds });
      }
      throw rejection;
    }
  }
}

/**
 * For counters of failures rather than requests (the sign-in throttle): how long the key
 * is still blocked, in seconds, or 0 when it may try again. Reading costs no point.
 */
export async function rateLimitWait(driver: Driver, check: RateCheck): Promise<number> {
  const state = await limiterFor(driver, check.policy).get(check.key.slice(0, 200));
  if (!state || state.consumedPoints < check.policy.points) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

/** Charges one failure to the key, never throwing; returns the failures counted in the window. */
export async function chargeRateLimit(driver: Driver, check: RateCheck): Promise<number> {
  const state = await limiterFor(driver, check.policy).penalty(check.key.slice(0, 200), 1);
  return state.consumedPoints;
}
