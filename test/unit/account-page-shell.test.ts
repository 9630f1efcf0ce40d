import { describe, expect, it } from "vitest";
import { parseAccountPageShell, privatePageCacheControl } from "../../app/account/[token]/fast-path-shell";

const html = `<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="/_next/static/a.css"/><link rel="preload" as="script" href="/_next/x.js"/><script src="/_next/x.js" async=""></script></head><body><header>h</header><main id="rp-account-shell"></main><footer>f</footer><script>self.__next_f.push([1,"secret"])</script></body></html>`;

describe("the private page's shell (fast path)", () => {
  it("splits Next's prerendered page at the slot, without any script, and keeps Next's security headers", () => {
    const shell = parseAccountPageShell(html, new Headers({ "x-frame-options": "DENY", "cache-control": "s-maxage=31536000", etag: "x", "content-length": "9" }))!;
    expect(shell.head).toBe(`<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="/_next/static/a.css"/></head><body><header>h</header>`);
    expect(shell.tail).toBe("<footer>f</footer></body></html>");
    expect(shell.headers["x-frame-options"]).toBe("DENY");
    expect(shell.headers["cache-control"]).toBe(privatePageCacheControl);
    expect(shell.headers.etag).toBeUndefined();
    expect(shell.headers["content-length"]).toBeUndefined();
  });

  it("stays off (null) when the slot is missing", () => {
    expect(parseAccountPageShell(html.replace("rp-account-shell", "other"), new Headers())).toBeNull();
  });
});
