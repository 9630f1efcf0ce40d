import type { ComponentType, ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/**
 * A Next page (a server component) rendered the way a test can read it, as a Response:
 * 200 with its markup; notFound() -> 404 with the segment's not-found component;
 * redirect() -> its status and Location. Headers are Next's and next.config.ts's at run
 * time (the e2e specs read those); here only what the page itself decides.
 */
export async function pageResponse(page: Promise<ReactElement> | ReactElement, notFound?: ComponentType | (() => Promise<ReactElement>)): Promise<Response> {
  try {
    return new Response(renderToStaticMarkup(await page), { status: 200, headers: { "content-type": "text/html" } });
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") {
      // A not-found component may be async (it reads the request's language): call it like React would.
      const fallback = notFound ? await (notFound as (props: object) => ReactElement | Promise<ReactElement>)({}) : null;
      return new Response(fallback ? renderToStaticMarkup(fallback) : "", { status: 404 });
    }
    if (digest.startsWith("NEXT_REDIRECT;")) {
      const [, , location, status] = digest.split(";");
      return new Response(null, { status: Number(status), headers: { location: location ?? "" } });
    }
    throw error;
  }
}
