import { publicError, publicJson, publicOptions } from "@/lib/public/http";
import { getPublicStatus } from "@/lib/status/get-status-overview";
import { toStatusDocument } from "@/lib/status/status-document";

// Never prerendered: `next build` must not open the database.
export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return publicJson(toStatusDocument(await getPublicStatus()));
  } catch (error) {
    return publicError(error);
  }
}

export const OPTIONS = publicOptions;
