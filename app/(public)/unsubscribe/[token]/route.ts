import { createElement } from "react";
import { database } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readFormBody } from "@/lib/subscribers/read-form-body";
import { errorPage, htmlResponse, privatePageHeaders } from "@/lib/subscribers/standalone-page";
import { describeUnsubscribe, unsubscribe } from "@/lib/subscribers/unsubscribe";
import { InvalidUnsubscribeView, UnsubscribeView, UnsubscribedView } from "./unsubscribe-view";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/** GET shows a confirm button (a link scanner's prefetch unsubscribes nobody). */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    const target = await describeUnsubscribe((await database()).prisma, token);
    return htmlResponse(createElement(UnsubscribeView, { target, action: `/unsubscribe/${encodeURIComponent(token)}` }));
  } catch (error) {
    return failure(error);
  }
}

/**
 * RFC 8058 one-click: a POST with List-Unsubscribe=One-Click (urlencoded or multipart)
 * unsubscribes at once, no cookie, no second step. The page's button posts the same body.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    const fields = await readFormBody(request);
    if (fields["List-Unsubscribe"] !== "One-Click") {
      throw new AppError("BAD_REQUEST", "Expected the body List-Unsubscribe=One-Click.");
    }
    const target = await unsubscribe((await database()).prisma, token);
    if ((request.headers.get("accept") ?? "").includes("text/html")) {
      return htmlResponse(createElement(UnsubscribedView, { target }));
    }
    return new Response("Unsubscribed.\n", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", ...privatePageHeaders } });
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): Response {
  if (error instanceof AppError && error.code === "NOT_FOUND") return htmlResponse(createElement(InvalidUnsubscribeView), 404);
  return errorPage(error);
}
