import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { addressRefusal, guardedLookup, hostOf, WebhookTargetRefusedError } from "./webhook-target";

/**
 * One POST to a receiver. Redirects are not followed (a 3xx is a failed attempt: a
 * redirect could lead anywhere, past the address check). With `allowPrivate` false the
 * address is checked where the connection is made (guardedLookup), so what was checked
 * is what is reached. The answer's body is read up to 1 KiB for the delivery log.
 */
export interface PostResult {
  status: number;
  /** First characters of the answer's body. */
  excerpt: string;
  ms: number;
}

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

export class WebhookTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms / 100) / 10} s`);
    this.name = "WebhookTimeoutError";
  }
}

const maxExcerpt = 1024;

export function postWebhook(o: PostOptions): Promise<PostResult> {
  const url = new URL(o.url);
  const host = hostOf(url);
  if (!o.allowPrivate && isIP(host)) {
    const why = addressRefusal(host);
    if (why) return Promise.reject(new WebhookTargetRefusedError(`refused: ${why}`));
  }
  if (url.protocol !== "https:" && !(o.allowPrivate && url.protocol === "http:")) {
    return Promise.reject(new WebhookTargetRefusedError(`refused: ${url.protocol} is not https`));
  }
  const started = Date.now();
  return new Promise<PostResult>((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: { ...o.headers, "content-length": String(Buffer.byteLength(o.body)) },
        agent: false,
        ...(o.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < maxExcerpt) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, excerpt: Buffer.concat(chunks).toString("utf8").slice(0, maxExcerpt), ms: Date.now() - started });
        });
        response.on("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    // One deadline for connecting, sending and the whole answer.
    const timer = setTimeout(() => request.destroy(new WebhookTimeoutError(o.timeoutMs)), o.timeoutMs);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(o.body);
  });
}

/** A network error as one line for the delivery log. */
export function describePostError(error: unknown): string {
  if (error instanceof WebhookTargetRefusedError || error instanceof WebhookTimeoutError) return error.message;
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  if (e?.code === "ECONNREFUSED") return `connection refused${e.address ? ` by ${e.address}${e.port ? `:${e.port}` : ""}` : ""}`;
  if (e?.code === "ENOTFOUND" || e?.code === "EAI_AGAIN") return `${e.hostname ?? "the host"} does not resolve (${e.code})`;
  if (e?.code) return `${e.code}: ${e.message}`;
  return error instanceof Error ? error.message : String(error);
}
