import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup as dnsLookupAsync } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { AppError } from "../errors";

/**
 * Where a webhook may be sent (SSRF). Only public unicast addresses: private (RFC 1918),
 * loopback, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique
 * local IPv6, multicast, reserved and documentation ranges are refused, and so are the
 * IPv6 forms that carry an IPv4 address (::ffff:a.b.c.d, NAT64, 6to4, Teredo) unless the
 * IPv4 inside is public (ipaddr.js unwraps the mapped forms; the tunnelled ones are
 * refused outright). A name is checked for every address it resolves to, at
 * registration and again when each delivery connects (the connection uses exactly the
 * address that was checked: a name that answers with a public address first and a
 * private one later, DNS rebinding, is caught at the connect). WEBHOOKS_ALLOW_PRIVATE=1
 * turns this off, and allows plain http, for tests and a receiver on the same machine.
 */
export function addressRefusal(address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  const range = ipaddr.process(address).range();
  return range === "unicast" ? null : `${address} is a ${describeRange(range)} address`;
}

function describeRange(range: string): string {
  const names: Record<string, string> = {
    private: "private",
    loopback: "loopback",
    linkLocal: "link-local",
    uniqueLocal: "private (unique local)",
    carrierGradeNat: "carrier-grade NAT",
    unspecified: "unspecified",
    multicast: "multicast",
    broadcast: "broadcast",
    reserved: "reserved",
    rfc6052: "NAT64 (IPv4-embedding)",
    "6to4": "6to4 (IPv4-embedding)",
    teredo: "Teredo (IPv4-embedding)",
  };
  return names[range] ?? `non-public (${range})`;
}

export class WebhookTargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookTargetRefusedError";
  }
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Checks a URL an admin registers: https (http only with WEBHOOKS_ALLOW_PRIVATE), no
 * credentials in it, and a host whose every address is public. Throws VALIDATION naming
 * what is wrong.
 */
export async function checkWebhookUrl(raw: string, options: { allowPrivate: boolean }): Promise<string> {
  const refuse = (message: string): never => {
    throw new AppError("VALIDATION", `Webhook URL refused: ${message}`, { field: "url" });
  };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse("not a URL");
  }
  if (url.protocol !== "https:" && !(options.allowPrivate && url.protocol === "http:")) {
    refuse(url.protocol === "http:" ? "it must be https (plain http only with WEBHOOKS_ALLOW_PRIVATE=1, for tests)" : `${url.protocol} is not https`);
  }
  if (url.username || url.password) refuse("credentials in the URL would be shown to every admin: put a token in the path or query instead");
  if (url.hash) refuse("a #fragment is never sent; remove it");
  if (options.allowPrivate) return url.toString();
  const host = hostOf(url);
  if (isIP(host)) {
    const why = addressRefusal(host);
    if (why) refuse(`${why} (private, loopback and link-local targets are refused)`);
    return url.toString();
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dnsLookupAsync(host, { all: true, verbatim: true });
  } catch (error) {
    return refuse(`${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? "DNS error"})`);
  }
  for (const a of addresses) {
    const why = addressRefusal(a.address);
    if (why) refuse(`${host} resolves to ${why} (private, loopback and link-local targets are refused)`);
  }
  return url.toString();
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses a name resolving to any non-public
 * address, so the address connected to is the one checked (DNS rebinding). An IP literal
 * never reaches a lookup: check it with addressRefusal before the request.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const a of addresses) {
      const why = addressRefusal(a.address);
      if (why) return callback(new WebhookTargetRefusedError(`refused: ${hostname} resolves to ${why}`), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}
