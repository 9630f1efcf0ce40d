import { publicOptions } from "@/lib/public/http";
import { statuspageResponse } from "@/lib/statuspage/get-statuspage";

// Statuspage v2: the 50 most recent incidents, resolved ones included.
export const dynamic = "force-dynamic";

export function GET() {
  return statuspageResponse((page) => page.incidentsDocument("all"));
}

export const OPTIONS = publicOptions;
