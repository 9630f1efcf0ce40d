import { env } from "../env";

/**
 * The client's address for rate limiting. X-Forwarded-For is only believed when
 * TRUST_PROXY is set, and then only its last entry: the one our own proxy appended
 * (anything to its left was written by the client). Otherwise the socket address that
 * scripts/start.ts stamps on every request as x-rp-remote-addr (overwriting any value a
 * client sent). Without either, every request shares one bucket: stricter, never looser.
 */
export const remoteAddressHeader = "x-rp-remote-addr";

export function clientIp(headers: Headers, trustProxy: boolean = env().TRUST_PROXY): string {
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for");
    const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last.slice(0, 64);
  }
  const socket = headers.get(remoteAddressHeader)?.trim();
  return socket ? socket.slice(0, 64) : "unknown";
}
