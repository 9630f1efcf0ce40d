import { getAuth } from "@/lib/auth/auth";

/** better-auth's own endpoints: sign-in (rate limited), sign-out, get-session. */
async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(request);
}

export const GET = handle;
export const POST = handle;
