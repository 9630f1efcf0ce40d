import { env, publicUrl } from "../env";
import { AppError } from "../errors";

/**
 * Cross-site request forgery guard for cookie-authenticated writes (route handlers;
 * Next checks server actions itself). A browser sends Origin with every POST; when it
 * names another site, or is "null" (a sandboxed frame, a privacy redirect), the request
 * is refused (403). No Origin at all is a client that is not a browser (curl, a script
 * holding a cookie): a forged request needs a browser, and browsers send Origin, so it
 * passes, unless Sec-Fetch-Site says the browser saw it come from another site.
 */
export function appOrigins(): string[] {
  const e = env();
  const origins = [new URL(publicUrl()).origin];
  // Without PUBLIC_URL the app is reached on the machine itself, by either name.
  if (!e.PUBLIC_URL) origins.push(`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`);
  return origins;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function assertSameOrigin(request: Request, allowed: string[] = appOrigins()): void {
  if (safeMethods.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (allowed.includes(origin)) return;
    throw new AppError("FORBIDDEN", "This request came from another site (its Origin is not this portal's).");
  }
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("FORBIDDEN", "This request came from another site.");
  }
}
