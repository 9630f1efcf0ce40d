import { describe, expect, it } from "vitest";
import { clientIp, clientIpHeader, remoteAddressHeader, withClientIpHeader } from "@/lib/http/client-ip";

/** The one trusted client address (lib/http/client-ip.ts). */
describe("clientIp", () => {
  const socket = "203.0.113.7";
  const forged = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7", forwarded: "for=8.8.8.8", [clientIpHeader]: "9.9.9.9" };

  it("without TRUST_PROXY: the socket address, whatever forwarding headers a client sends", () => {
    expect(clientIp(new Headers({ ...forged, [remoteAddressHeader]: socket }), 0)).toBe(socket);
    expect(clientIp(new Headers({ [remoteAddressHeader]: `::ffff:${socket}` }), 0)).toBe(socket);
    expect(clientIp(new Headers(forged), 0)).toBeNull();
  });

  it("with TRUST_PROXY=N: the N-th X-Forwarded-For entry from the right; what the client wrote to its left is ignored", () => {
    // The client sent "6.6.6.6, 1.1.1.1"; the CDN appended the client's address, nginx the CDN's.
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 1.1.1.1, 198.51.100.4, 10.0.0.2", [remoteAddressHeader]: "10.0.0.3" });
    expect(clientIp(headers, 1)).toBe("10.0.0.2");
    expect(clientIp(headers, 2)).toBe("198.51.100.4");
    // Fewer entries than proxies: the left-most one.
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.4" }), 2)).toBe("198.51.100.4");
    // No header at all behind a proxy: the socket (the proxy itself).
    expect(clientIp(new Headers({ [remoteAddressHeader]: "10.0.0.3", "x-real-ip": "7.7.7.7" }), 1)).toBe("10.0.0.3");
  });

  it("hands better-auth only the trusted address, replacing a forged one", () => {
    const forwarded = withClientIpHeader(new Request("http://localhost/api/auth/x", { headers: { ...forged, [remoteAddressHeader]: socket } }));
    expect(forwarded.headers.get(clientIpHeader)).toBe(socket);
    const unknown = withClientIpHeader(new Request("http://localhost/api/auth/x", { headers: forged }));
    expect(unknown.headers.get(clientIpHeader)).toBeNull();
  });
});
