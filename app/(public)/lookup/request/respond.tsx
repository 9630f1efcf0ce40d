import { StandalonePage, errorPage, fieldErrors, htmlResponse } from "@/lib/subscribers/standalone-page";
import { LookupForm, lookupIntro } from "../lookup-form";

/** 400 with the form and zod's messages, or the generic error page (413, 429, ...). */
export function lookupErrorResponse(error: unknown, fields: Record<string, string>): Response {
  const errors = fieldErrors(error);
  if (!errors) return errorPage(error);
  return htmlResponse(
    <StandalonePage title="Is my data back?">
      <h1>Is my data back?</h1>
      <p>{lookupIntro}</p>
      <LookupForm errors={errors} email={(fields.email ?? "").slice(0, 254)} accountRef={(fields.accountRef ?? "").slice(0, 64)} />
    </StandalonePage>,
    400,
  );
}
