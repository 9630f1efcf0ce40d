import { publicOptions } from "@/lib/public/http";
import { statuspageResponse } from "@/lib/statuspage/get-statuspage";

// Statuspage v2: every open incident as a group, its data categories as components.
export const dynamic = "force-dynamic";

export function GET() {
  return statuspageResponse((page) => page.componentsDocument());
}

export const OPTIONS = publicOptions;
