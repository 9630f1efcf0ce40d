import { env } from "../env";

/**
 * The one client address: every rate limit (better-auth's sign-in included, through
 * `clientIpHeader`) and every audit entry uses it.
 *
 * - Without TRUST_PROXY: the socket address. scripts/start.ts stamps it on every request
 *   as `x-rp-remote-addr`, overwriting whatever a client sent under that name.
 * - With TRUST_PROXY=N (N proxies of yours in front; `true` means 1): the address the
 *   outermost of them saw, i.e. the N-th X-Forwarded-For entry counted from the right.
 *   Each proxy appends the address that connected to it, so the entries to the left of
 *   those N were written by the client and are never believed. With fewer entries than
 *   N, the left-most one (a request that skipped an outer proxy).
 *
 * X-Real-IP, Forwarded, CF-Connecting-IP and the like are ignored. Without either source
 * (a bare `next start`), null: callers share one bucket, which is stricter, never looser.
 */
export const remoteAddressHeader = "x-rp-remote-addr";

/**
 * The header the boundary sets (overwriting) to the trusted address before handing a
 * request to code that reads addresses from headers itself (better-auth's rate limiter).
 */
export const clientIpHeader = "x-rp-client-ip";

export function clientIp(headers: Headers, trustedHops: number = env().TRUST_PROXY): string | null {
  if (trustedHops > 0) {
    const hops = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    const ip = hops[Math.max(0, hops.length - trustedHops)];
    if (ip) return normalizeIp(ip);
  }
  const socket = headers.get(remoteAddressHeader)?.trim();
  return socket ? normalizeIp(socket) : null;
}

/** The key for per-address rate limits: the address, or one shared bucket when unknown. */
export function rateLimitIp(headers: Headers): string {
  return clientIp(headers) ?? "unknown";
}

/** A copy of the request whose `x-rp-client-ip` is the trusted address (or absent). */
export function withClientIpHeader(request: Request): Request {
  const headers = new Headers(request.headers);
  const ip = clientIp(request.headers);
  if (ip) headers.set(clientIpHeader, ip);
  else headers.delete(clientIpHeader);
  // duplex: a streamed body may be passed on unread (Node's fetch requires saying so).
  return new Request(request, { headers, duplex: "half" } as RequestInit);
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) as plain IPv4; at most 64 characters. */
function normalizeIp(ip: string): string {
  const plain = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)?.[1] ?? ip;
  return plain.slice(0, 64);
}
