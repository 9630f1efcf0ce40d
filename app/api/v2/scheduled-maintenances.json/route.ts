import { publicOptions } from "@/lib/public/http";
import { statuspageResponse } from "@/lib/statuspage/get-statuspage";

// Statuspage v2: scheduled maintenances (the portal plans none: always empty).
export const dynamic = "force-dynamic";

export function GET() {
  return statuspageResponse((page) => page.scheduledMaintenancesDocument());
}

export const OPTIONS = publicOptions;
