import { getFeedXml } from "@/lib/public/build-feeds";
import { publicApiHeaders, publicError } from "@/lib/public/http";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return new Response(await getFeedXml("atom"), {
      headers: { ...publicApiHeaders, "Content-Type": "application/atom+xml; charset=utf-8" },
    });
  } catch (error) {
    return publicError(error);
  }
}
