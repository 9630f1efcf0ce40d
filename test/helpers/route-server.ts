import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

type Handler = (request: NextRequest) => Response | Promise<Response>;

/**
 * A real HTTP server in front of App Router route handlers, for clients that need a
 * URL (published client libraries, fetch): each path maps to a module's GET.
 */
export async function serveRoutes(routes: Record<string, Handler>): Promise<{ base: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const handler = routes[url.pathname];
      if (!handler || (req.method !== "GET" && req.method !== "HEAD")) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const response = await handler(new NextRequest(url, { headers: req.headers as Record<string, string> }));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      res.writeHead(response.status, headers);
      res.end(req.method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
