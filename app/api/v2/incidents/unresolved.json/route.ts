import { publicOptions } from "@/lib/public/http";
import { statuspageResponse } from "@/lib/statuspage/get-statuspage";

// Statuspage v2: open incidents.
export const dynamic = "force-dynamic";

export function GET() {
  return statuspageResponse((page) => page.incidentsDocument("unresolved"));
}

export const OPTIONS = publicOptions;
