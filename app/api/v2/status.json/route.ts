import { publicOptions } from "@/lib/public/http";
import { statuspageResponse } from "@/lib/statuspage/get-statuspage";

// Statuspage v2: the page's status indicator.
export const dynamic = "force-dynamic";

export function GET() {
  return statuspageResponse((page) => page.statusDocument());
}

export const OPTIONS = publicOptions;
