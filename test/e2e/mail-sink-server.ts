import { createServer } from "node:http";
import { startMailSink } from "../helpers/mail-sink";
import { mailSinkPorts } from "./mail-sink-ports";

/**
 * The browser tests' SMTP server: the e2e app sends its mail here (SMTP_URL), so a spec
 * reads an email the way its recipient would, links and all; the portal itself keeps
 * only redacted copies. SMTP on E2E_PORT + 10000, the received messages as JSON on
 * E2E_PORT + 20000 (GET /messages?to=ADDRESS). Started by playwright.config.ts.
 */
const ports = mailSinkPorts(Number(process.env.E2E_PORT ?? 3100));
const sink = await startMailSink({ parse: true }, { port: ports.smtp });
createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const to = url.searchParams.get("to");
  const messages = sink.received.filter((m) => !to || m.to === to).map(({ raw: _raw, ...m }) => m);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(url.pathname === "/messages" ? messages : { ok: true }));
}).listen(ports.http, "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sink.close().finally(() => process.exit(0)));
