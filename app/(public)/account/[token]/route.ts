import { createElement } from "react";
import { z } from "zod";
import { database } from "@/lib/db";
import { getAccountStatus } from "@/lib/lookup/get-account-status";
import { revokeLookupLink, setUpdatesOptOut } from "@/lib/lookup/manage-account-link";
import { lookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { parseInput } from "@/lib/subscribers/parse-input";
import { readFormBody } from "@/lib/subscribers/read-form-body";
import { errorPage, htmlResponse, seeOther } from "@/lib/subscribers/standalone-page";
import { AccountView, InvalidLinkView } from "./account-view";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/** The private account page. GET is read-only: a link scanner's prefetch changes nothing. */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  const db = await database();
  try {
    const status = await getAccountStatus(db.prisma, token);
    return htmlResponse(createElement(AccountView, { status, token }));
  } catch (error) {
    return invalidLinkOr(error);
  }
}

const accountActionSchema = z.object({ action: z.enum(["opt-out", "opt-in", "revoke", "revoke-all"]) });

/** The page's buttons: opt out of / back into updates, switch the link off. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    const { action } = parseInput(accountActionSchema, await readFormBody(request));
    const db = await database();
    if (action === "opt-out" || action === "opt-in") await setUpdatesOptOut(db.prisma, token, action === "opt-out");
    else await revokeLookupLink(db.prisma, token, { allForAccount: action === "revoke-all" });
    return seeOther(`/account/${encodeURIComponent(token)}`);
  } catch (error) {
    return invalidLinkOr(error);
  }
}

function invalidLinkOr(error: unknown): Response {
  const problem = lookupTokenProblem(error);
  if (!problem) return errorPage(error);
  return htmlResponse(createElement(InvalidLinkView, { problem }), problem === "unknown" ? 404 : 410);
}
