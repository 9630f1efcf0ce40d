import { getAuth } from "@/lib/auth/auth";
import { withClientIpHeader } from "@/lib/http/client-ip";

/**
 * better-auth's own endpoints: sign-in (rate limited), sign-out, get-session. Not a
 * defineRoute: better-auth answers, authenticates and maps its own errors. The boundary's
 * part is the client address: the request goes on with `x-rp-client-ip` set to the one
 * trusted address (overwriting any a client sent), which is all better-auth's rate
 * limiter reads (lib/auth/auth.ts).
 */
async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(withClientIpHeader(request));
}

export const GET = handle;
export const POST = handle;
