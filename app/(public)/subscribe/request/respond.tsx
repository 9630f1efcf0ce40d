import { database } from "@/lib/db";
import { listSubscribableIncidents } from "@/lib/subscribers/list-subscribable-incidents";
import { StandalonePage, errorPage, fieldErrors, htmlResponse } from "@/lib/subscribers/standalone-page";
import { SubscribeForm, subscribeIntro } from "../subscribe-form";

/** 400 with the form and zod's messages, or the generic error page (413, 429, ...). */
export async function subscribeErrorResponse(error: unknown, fields: Record<string, string>): Promise<Response> {
  const errors = fieldErrors(error);
  if (!errors) return errorPage(error);
  const incidents = await listSubscribableIncidents((await database()).prisma);
  return htmlResponse(
    <StandalonePage title="Subscribe to updates">
      <h1>Subscribe to updates</h1>
      <p>{subscribeIntro}</p>
      <SubscribeForm incidents={incidents} errors={errors} email={(fields.email ?? "").slice(0, 254)} incident={fields.incident ?? ""} />
    </StandalonePage>,
    400,
  );
}
