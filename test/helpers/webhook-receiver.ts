import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A real HTTP receiver on 127.0.0.1 that verifies every request with the
 * `standardwebhooks` package (the library receivers use) and keeps what arrived.
 * `respond` decides each answer: a status, or "hang" (answer only after `hangMs`, past
 * the worker's timeout: the receiver has the event, the sender does not know it).
 * Events are processed once per webhook-id, as a receiver following the spec does.
 */
export interface ReceivedRequest {
  id: string;
  headers: Record<string, string>;
  body: string;
  verified: boolean;
  error?: string;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Payloads processed, one per webhook-id (the first that verified). */
  processed: Map<string, { type: string; data: Record<string, unknown> }>;
  setSecret(secret: string): void;
  respond: (request: ReceivedRequest, attempt: number) => number | "hang";
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { hangMs?: number } = {}): Promise<WebhookReceiver> {
  let secret: string | null = null;
  const attempts = new Map<string, number>();
  const pending = new Set<ServerResponse>();
  const receiver: WebhookReceiver = {
    url: "",
    requests: [],
    processed: new Map(),
    setSecret: (s) => (secret = s),
    respond: () => 204,
    async close() {
      for (const res of pending) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const request: ReceivedRequest = { id: headers["webhook-id"] ?? "", headers, body, verified: false };
      try {
        if (!secret) throw new Error("the receiver has no secret");
        const payload = new Webhook(secret).verify(body, headers) as { type: string; data: Record<string, unknown> };
        request.verified = true;
        if (!receiver.processed.has(request.id)) receiver.processed.set(request.id, payload);
      } catch (error) {
        request.error = (error as Error).message;
      }
      receiver.requests.push(request);
      const attempt = (attempts.get(request.id) ?? 0) + 1;
      attempts.set(request.id, attempt);
      const answer = request.verified ? receiver.respond(request, attempt) : 401;
      if (answer === "hang") {
        pending.add(res);
        setTimeout(() => {
          pending.delete(res);
          if (!res.destroyed) res.writeHead(200).end("late");
        }, options.hangMs ?? 1_000);
        return;
      }
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer >= 400 ? "receiver fault (test)" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
