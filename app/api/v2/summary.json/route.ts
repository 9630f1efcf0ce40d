import { publicOptions } from "@/lib/public/http";
import { statuspageResponse } from "@/lib/statuspage/get-statuspage";

// Statuspage v2: page, components, unresolved incidents, maintenances, status (docs/readme/statuspage.md).
export const dynamic = "force-dynamic";

export function GET() {
  return statuspageResponse((page) => page.summaryDocument());
}

export const OPTIONS = publicOptions;
