import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { env } from "../env";
import { defaultLocale, locales, pseudoLocale } from "../i18n/locales";

/**
 * A micro-cache in front of Next for the public pages, feeds and API, the way a CDN
 * would hold them: a hit is answered from memory by Node's http server, without
 * Next, React or the database. Misses for the same URL arriving together wait for the
 * one render in flight (single flight). Entries live PUBLIC_REFRESH_SECONDS; after that
 * the next request renders afresh while the others arriving during that render get the
 * previous copy at once (`x-public-cache: stale`, for at most STALE_WHILE_RENDERING_MS
 * past its lifetime), as nginx's `proxy_cache_use_stale updating` does: without it every
 * refresh stalled the whole crowd for one render. revalidatePublicPages() empties it
 * (no stale copy outlives a publish). Only 200 answers marked `public` are kept.
 *
 * It also gives the public pages their CDN header: Next marks force-dynamic pages
 * `private, no-store`, which would stop any CDN from holding them.
 */
export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=5, stale-while-revalidate=60, stale-if-error=86400";

/** The paths held (without the leading slash), as regular expressions. */
const publicPaths = [
  "",
  "incidents/[^/]+",
  "letters/[^/]+(?:/revisions/\\d+)?",
  // The lookup and subscribe forms: the same page for everyone at one URL (their ?error=,
  // ?link= and ?incident= variants are their own keys, and say only what the URL says),
  // where the crowd lands when its links have expired.
  "lookup",
  "subscribe",
  "api/v1/status",
  "api/v1/incidents",
  "feed\\.atom",
  "feed\\.rss",
  // Statuspage v2 (lib/statuspage): the same snapshot as /api/v1, held the same way.
  "api/v2/(?:summary|status|components|incidents|scheduled-maintenances)\\.json",
  "api/v2/incidents/unresolved\\.json",
  "api/v2/scheduled-maintenances/(?:upcoming|active)\\.json",
  // The badge and the embeddable widget (lib/embeds), and the embed code /about frames.
  "badge\\.svg",
  "widget",
  "widget/embed-code",
  "api/openapi\\.json",
];
const publicPath = new RegExp(`^/(?:${publicPaths.join("|")})$`);
// The pages (not the feeds or APIs) in each language (decision 040): /es, /es/incidents/..., under their own URL, so their own key.
const pagePaths = publicPaths.slice(0, 5);
const localePrefixes = [...locales.filter((l) => l !== defaultLocale), pseudoLocale].map((l) => l.replace(/-/g, "\\-"));
const localizedPage = new RegExp(`^/(?:${localePrefixes.join("|")})(?:/(?:${pagePaths.slice(1).join("|")}))?$`);

interface Entry {
  status: number;
  /** What a hit sends, ready made: the answer's headers with its length and `x-public-cache: hit`. */
  headers: OutgoingHttpHeaders;
  /** The same with `x-public-cache: stale`. */
  staleHeaders: OutgoingHttpHeaders;
  body: Buffer;
  storedAt: number;
}

/** How long past its lifetime a copy may be sent while its refresh renders (the CDN header's stale-while-revalidate). */
export const STALE_WHILE_RENDERING_MS = 60_000;

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<void>>();
  hits = 0;
  misses = 0;
  staleHits = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
    private readonly staleMs = STALE_WHILE_RENDERING_MS,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  /** The fresh copy for key, if any. */
  get(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.storedAt < this.ttlMs) return entry;
    if (entry && now - entry.storedAt >= this.ttlMs + this.staleMs) this.entries.delete(key);
    return undefined;
  }

  /** An expired copy still young enough to send while its refresh renders. */
  stale(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    return entry && now - entry.storedAt < this.ttlMs + this.staleMs ? entry : undefined;
  }

  set(key: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }

  pendingFor(key: string): Promise<void> | undefined {
    return this.pending.get(key);
  }

  track(key: string, done: Promise<void>): void {
    this.pending.set(key, done);
    void done.finally(() => {
      if (this.pending.get(key) === done) this.pending.delete(key);
    });
  }
}

const globalKey = Symbol.for("recovery-portal.response-cache");
type WithCache = typeof globalThis & { [globalKey]?: ResponseCache };

export function publicResponseCache(): ResponseCache {
  const g = globalThis as WithCache;
  g[globalKey] ??= new ResponseCache(env().PUBLIC_REFRESH_SECONDS * 1000);
  return g[globalKey];
}

/** The cache key of a public request, or undefined when it must go to Next. */
export function publicCacheKey(req: IncomingMessage): string | undefined {
  if (req.method !== "GET" && req.method !== "HEAD") return undefined;
  // Client-side navigations ask for RSC payloads, not HTML: let Next answer those.
  if (req.headers.rsc || req.headers["next-router-prefetch"] || req.headers["next-action"]) return undefined;
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  if (!isPublicPath(pathname)) return undefined;
  if (q !== -1 && url.includes("_rsc=")) return undefined;
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) ? "gzip" : "identity";
  return `${req.method} ${url} ${gzip}`;
}

export function isPublicPath(pathname: string): boolean {
  return publicPath.test(pathname) || localizedPage.test(pathname);
}

function send(res: ServerResponse, entry: Entry, method: string | undefined, stale = false): void {
  res.writeHead(entry.status, stale ? entry.staleHeaders : entry.headers);
  res.end(method === "HEAD" ? undefined : entry.body);
}

/**
 * The headers of a hit, built once when the answer is stored: Next streamed it (chunked),
 * but a stored body has a known length, and Content-Length lets every client read it
 * without chunk framing (an HTTP client in JavaScript, autocannon's included, parses
 * chunked bodies markedly slower: bench:portal).
 */
function hitHeaders(headers: OutgoingHttpHeaders, body: Buffer, state: "hit" | "stale"): OutgoingHttpHeaders {
  const hit: OutgoingHttpHeaders = { ...headers, "content-length": body.length, "x-public-cache": state };
  delete hit["transfer-encoding"];
  return hit;
}

/** Records what Next writes so that the next request for `key` is answered from memory. */
function capture(res: ServerResponse, cache: ResponseCache, key: string, pathname: string): Promise<void> {
  const chunks: Buffer[] = [];
  let headObject: OutgoingHttpHeaders = {};
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const toBuffer = (chunk: unknown, encoding: unknown) =>
    typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);

  return new Promise<void>((resolve) => {
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      const headers = rest.find((r) => typeof r === "object" && r !== null && !Array.isArray(r)) as OutgoingHttpHeaders | undefined;
      if (headers) headObject = headers;
      if (status === 200 && isPublicPath(pathname)) {
        const current = String(headers?.["cache-control"] ?? res.getHeader("cache-control") ?? "");
        if (!current.includes("public")) {
          if (headers) for (const name of Object.keys(headers)) if (name.toLowerCase() === "cache-control") delete headers[name];
          res.setHeader("cache-control", PUBLIC_CACHE_CONTROL);
        }
      }
      res.setHeader("x-public-cache", "miss");
      return writeHead(status, ...rest);
    }) as typeof res.writeHead;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, rest[0]));
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== "function") chunks.push(toBuffer(chunk, rest[0]));
      const result = end(chunk, ...rest);
      const headers: OutgoingHttpHeaders = { ...res.getHeaders(), ...lowerCaseKeys(headObject) };
      delete headers["x-public-cache"];
      if (res.statusCode === 200 && String(headers["cache-control"] ?? "").includes("public") && !headers["set-cookie"]) {
        const body = Buffer.concat(chunks);
        cache.set(key, { status: 200, headers: hitHeaders(headers, body, "hit"), staleHeaders: hitHeaders(headers, body, "stale"), body, storedAt: Date.now() });
      }
      resolve();
      return result;
    }) as typeof res.end;
    res.on("close", () => resolve());
  });
}

function lowerCaseKeys(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Wraps the app's request handler (scripts/start.ts) with the public micro-cache. */
export function withPublicResponseCache(handler: Handler, cache: () => ResponseCache = publicResponseCache): Handler {
  return (req, res) => {
    const key = publicCacheKey(req);
    if (!key) return handler(req, res);
    const c = cache();
    const hit = c.get(key);
    if (hit) {
      c.hits++;
      return send(res, hit, req.method);
    }
    const inflight = c.pendingFor(key);
    if (inflight) {
      const stale = c.stale(key);
      if (stale) {
        c.staleHits++;
        return send(res, stale, req.method, true);
      }
      void inflight.then(() => {
        const entry = c.get(key);
        if (entry) {
          c.hits++;
          send(res, entry, req.method);
        } else {
          run();
        }
      });
      return;
    }
    run();

    function run() {
      c.misses++;
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      c.track(key!, capture(res, c, key!, pathname));
      handler(req, res);
    }
  };
}
