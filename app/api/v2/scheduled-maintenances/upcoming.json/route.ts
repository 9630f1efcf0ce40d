import { publicOptions } from "@/lib/public/http";
import { statuspageResponse } from "@/lib/statuspage/get-statuspage";

// Statuspage v2: upcoming maintenances (always empty).
export const dynamic = "force-dynamic";

export function GET() {
  return statuspageResponse((page) => page.scheduledMaintenancesDocument());
}

export const OPTIONS = publicOptions;
