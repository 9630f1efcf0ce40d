import { env } from "../lib/env";

/**
 * The first import of `npm start` and `npm run worker` (keep it first: imports run in order).
 *
 * Libraries choose their build by NODE_ENV when they are first loaded. Next sets
 * NODE_ENV=production inside `app.prepare()`, but React's server renderer was loaded before
 * that (the private page's fast path and the mail templates import it), so without NODE_ENV
 * from the operator `npm start` rendered the private page with React's development build
 * (decision 045). Both processes are production servers, so NODE_ENV is production from here
 * on. The operator's own value, or its absence in the demo, is read by the env module first
 * and is what the app goes by (lib/seed/first-run.ts prints the demo password unless the
 * operator said production).
 */
try {
  env();
} catch {
  // A bad variable: the script's own env() call names it (scripts/bootstrap.ts).
}
// (Next types NODE_ENV as read-only; it is a plain variable here, before anything reads it.)
const variables: Record<string, string | undefined> = process.env;
variables.NODE_ENV ??= "production";
