import { GET as health } from "@/app/api/health/route";
import { GET as v1Incidents } from "@/app/api/v1/incidents/route";
import { POST as v1Restores } from "@/app/api/v1/restores/route";
import { GET as v1Status } from "@/app/api/v1/status/route";
import { GET as v2Components } from "@/app/api/v2/components.json/route";
import { GET as v2Incidents } from "@/app/api/v2/incidents.json/route";
import { GET as v2Unresolved } from "@/app/api/v2/incidents/unresolved.json/route";
import { GET as v2Maintenances } from "@/app/api/v2/scheduled-maintenances.json/route";
import { GET as v2Active } from "@/app/api/v2/scheduled-maintenances/active.json/route";
import { GET as v2Upcoming } from "@/app/api/v2/scheduled-maintenances/upcoming.json/route";
import { GET as v2Status } from "@/app/api/v2/status.json/route";
import { GET as v2Summary } from "@/app/api/v2/summary.json/route";

/** Path, method and handler of every documented operation: add a route here to document it. */
export const documentedRoutes = [
  { path: "/api/v1/status", method: "get", handler: v1Status },
  { path: "/api/v1/incidents", method: "get", handler: v1Incidents },
  { path: "/api/v1/restores", method: "post", handler: v1Restores },
  { path: "/api/v2/summary.json", method: "get", handler: v2Summary },
  { path: "/api/v2/status.json", method: "get", handler: v2Status },
  { path: "/api/v2/components.json", method: "get", handler: v2Components },
  { path: "/api/v2/incidents.json", method: "get", handler: v2Incidents },
  { path: "/api/v2/incidents/unresolved.json", method: "get", handler: v2Unresolved },
  { path: "/api/v2/scheduled-maintenances.json", method: "get", handler: v2Maintenances },
  { path: "/api/v2/scheduled-maintenances/upcoming.json", method: "get", handler: v2Upcoming },
  { path: "/api/v2/scheduled-maintenances/active.json", method: "get", handler: v2Active },
  { path: "/api/health", method: "get", handler: health },
] as const;
