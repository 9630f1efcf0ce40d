import { z } from "zod";
import { answerCase } from "@/lib/cases/answer-case";
import type { CaseAnswerInput, CaseReportInput } from "@/lib/cases/case-schemas";
import { reportMissingData } from "@/lib/cases/report-missing-data";
import { database } from "@/lib/db";
import { fieldErrorsOf } from "@/lib/http/map-error";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther } from "@/lib/http/responses";
import { lookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";

const pageOf = (token: string, query = "") => `/account/${encodeURIComponent(token)}${query}`;

/**
 * The private page's support forms: "something is missing" (action=report, one category)
 * and an answer on one of the account's cases (action=answer); 303 back to the page,
 * which shows the case. The use cases check the token, the fields and the rate limits.
 */
export const POST = defineRoute({
  who: { token: "token" },
  params: z.object({ token: z.string() }),
  body: { form: z.looseObject({ action: z.enum(["report", "answer"]) }), maxBytes: 32 * 1024 },
  docs: { summary: "Report missing data, or answer on a support case, from a private link", tags: ["customers"] },
  handle: async ({ params: { token }, body: { action, ...fields }, caller }) => {
    const db = await database();
    // The use cases parse the fields themselves (their own guard, naming the field).
    const { caseId } =
      action === "report"
        ? await reportMissingData(db, token, fields as CaseReportInput, { ip: caller.ip })
        : await answerCase(db, token, fields as CaseAnswerInput, { ip: caller.ip });
    return seeOther(pageOf(token, `?${action === "report" ? "reported" : "answered"}=${caseId}#case-${caseId}`));
  },
  errors: (error, { request }) => {
    const token = decodeURIComponent(new URL(request.url).pathname.split("/")[2] ?? "");
    // A link that no longer works: the page says why and offers a new one.
    if (lookupTokenProblem(error)) return seeOther(pageOf(token));
    const field = Object.keys(fieldErrorsOf(error) ?? {})[0];
    return seeOther(pageOf(token, `?${new URLSearchParams({ caseError: error.code, ...(field ? { field } : {}) })}#cases`));
  },
});
