/**
 * The physical limit for bench:portal: a bare Node `http` server that answers every
 * request with the same bytes the portal sent for one path, from memory (gzip when the
 * request accepts it and a gzip copy was given). Started as its own process so that it
 * gets a core like the portal's server does.
 *
 * Usage: tsx bench/bare-server.ts PORT BODY_FILE [GZIP_FILE] [CONTENT_TYPE]
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [port, bodyFile, gzipFile, contentType = "text/html; charset=utf-8"] = process.argv.slice(2);
const body = readFileSync(bodyFile!);
const gzip = gzipFile ? readFileSync(gzipFile) : undefined;
createServer((req, res) => {
  const useGzip = gzip && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  res.writeHead(200, {
    "content-type": contentType,
    "cache-control": "public, max-age=5",
    vary: "Accept-Encoding",
    ...(useGzip ? { "content-encoding": "gzip" } : {}),
    "content-length": (useGzip ? gzip : body).length,
  });
  res.end(useGzip ? gzip : body);
}).listen(Number(port), "127.0.0.1", () => console.log(`bare server on ${port}`));
