import { z } from "zod";
import { database } from "@/lib/db";
import { recordLinkOpen, transparentGif } from "@/lib/evidence/link-opens";
import { defineRoute } from "@/lib/http/define-route";

/** The private page's beacon image (proof of notice): noted in memory, written in batches; the same image whatever the token. */
export const GET = defineRoute({
  who: { token: "token" },
  params: z.object({ token: z.string().max(100) }),
  docs: { summary: "The private page was shown in a browser (beacon image)", tags: ["customers"] },
  handle: async ({ params }) => {
    recordLinkOpen(params.token, async () => (await database()).driver);
    return new Response(new Uint8Array(transparentGif), { status: 200, headers: { "Content-Type": "image/gif", "Content-Length": String(transparentGif.length) } });
  },
});
