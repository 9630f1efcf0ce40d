import { embedCodeResponse } from "@/lib/embeds/embed-responses";
import { defineRoute } from "@/lib/http/define-route";
import { langQuerySchema } from "@/lib/public/lang-query";

// The snippets with this portal's address, framed by the static /about page.
export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: langQuerySchema,
  docs: { summary: "Embed code of the widget and the badge (text/html)", tags: ["embed"] },
  handle: async ({ query }) => embedCodeResponse(query.lang),
});
