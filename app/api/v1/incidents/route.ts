import type { NextRequest } from "next/server";
import { publicError, publicJson, publicOptions } from "@/lib/public/http";
import { listIncidents, listIncidentsQuerySchema } from "@/lib/public/list-incidents";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  try {
    const params = request.nextUrl.searchParams;
    const query = listIncidentsQuerySchema.parse({
      page: params.get("page") ?? undefined,
      limit: params.get("limit") ?? undefined,
    });
    return publicJson(await listIncidents(query));
  } catch (error) {
    return publicError(error);
  }
}

export const OPTIONS = publicOptions;
