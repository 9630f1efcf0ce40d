import { createElement } from "react";
import { database } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { confirmSubscription, describeConfirmation } from "@/lib/subscribers/confirm-subscription";
import { readFormBody } from "@/lib/subscribers/read-form-body";
import { errorPage, htmlResponse } from "@/lib/subscribers/standalone-page";
import { ConfirmView, ConfirmedView, InvalidConfirmView } from "./confirm-view";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

function incidentOf(request: Request): string | undefined {
  return new URL(request.url).searchParams.get("incident") || undefined;
}

/** GET shows a button (a link scanner's prefetch confirms nothing); POST confirms. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  const incident = incidentOf(request);
  try {
    const pending = await describeConfirmation((await database()).prisma, token, incident);
    const action = `/subscribe/confirm/${encodeURIComponent(token)}${incident ? `?incident=${encodeURIComponent(incident)}` : ""}`;
    return htmlResponse(createElement(ConfirmView, { pending, action }));
  } catch (error) {
    return failure(error);
  }
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    await readFormBody(request);
    const done = await confirmSubscription((await database()).prisma, token, incidentOf(request));
    return htmlResponse(createElement(ConfirmedView, done));
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): Response {
  if (error instanceof AppError && error.code === "NOT_FOUND") {
    return htmlResponse(createElement(InvalidConfirmView, { message: error.message }), 404);
  }
  return errorPage(error);
}
