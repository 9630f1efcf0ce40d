import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { twoFactor } from "better-auth/plugins";
import { database, type Database } from "../db";
import { clientIpHeader } from "../http/client-ip";
import { appSecret } from "./secret";
import { recordFailedSignIn, signInThrottledMessage, signInWaitSeconds, type FailedSignIn } from "./sign-in-throttle";
import { env, publicUrl } from "../env";

/**
 * Staff sign-in: better-auth with email + password on OUR tables (staff_user,
 * staff_session, staff_credential, verification). Sign-up is disabled: staff are
 * created by an admin (invite) or the CLI. Sessions live in the database and are read
 * on every request (no cookie cache), so disabling someone or changing their role takes
 * effect on their next click. See docs/decisions/005-staff-auth.md.
 */

/**
 * better-auth reads staffCredential.password (and staffTwoFactor's secrets), which lib/db.ts omits from every query by
 * default. This client puts it back for better-auth only (and only when the adapter did
 * not name its own select).
 */
function withCredentialSecrets(db: Database) {
  return db.prisma.$extends({
    query: {
      staffCredential: {
        async $allOperations({ args, query }) {
          const a = args as { select?: unknown; omit?: Record<string, boolean> };
          if (a.select) return query(args);
          return query({ ...args, omit: { ...a.omit, password: false } } as typeof args);
        },
      },
      staffTwoFactor: {
        async $allOperations({ args, query }) {
          const a = args as { select?: unknown; omit?: Record<string, boolean> };
          if (a.select) return query(args);
          return query({ ...args, omit: { ...a.omit, secret: false, backupCodes: false } } as typeof args);
        },
      },
    },
  });
}


type AuthMiddlewareContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Sign-in steps that check a secret: each failure counts against the account (sign-in-throttle.ts). */
const factorOfPath: Record<string, FailedSignIn["factor"]> = {
  "/sign-in/email": "password",
  "/two-factor/verify-totp": "totp",
  "/two-factor/verify-backup-code": "backup_code",
};

/** The account a sign-in step is for: the typed address, or the one the pending second-factor challenge names. */
async function signInAttempt(db: Database, ctx: AuthMiddlewareContext): Promise<{ email: string; factor: FailedSignIn["factor"] } | null> {
  const factor = ctx.path ? factorOfPath[ctx.path] : undefined;
  if (!factor) return null;
  if (factor === "password") {
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    return typeof email === "string" && email.length > 0 ? { email: email.trim().toLowerCase(), factor } : null;
  }
  // Second factor during sign-in: the signed challenge cookie names the user. Without one
  // (a signed-in member confirming a new authenticator) this is not a sign-in.
  const challenge = await ctx.getSignedCookie(ctx.context.createAuthCookie("two_factor").name, ctx.context.secret);
  if (!challenge) return null;
  const pending = await ctx.context.internalAdapter.findVerificationValue(challenge);
  if (!pending) return null;
  const user = await db.prisma.staffUser.findUnique({ where: { id: pending.value }, select: { email: true } });
  return user ? { email: user.email, factor } : null;
}

function trustedOrigins(): string[] {
  const e = env();
  const origins = [publicUrl()];
  // Without PUBLIC_URL the app is reached on the machine itself, by either name.
  if (!e.PUBLIC_URL) origins.push(`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`);
  return origins;
}

export function createAuth(db: Database) {
  const base = publicUrl();
  const client = withCredentialSecrets(db);
  return betterAuth({
    appName: "Recovery Portal",
    baseURL: base,
    basePath: "/api/auth",
    secret: appSecret(),
    trustedOrigins: trustedOrigins(),
    database: prismaAdapter(client as unknown as Parameters<typeof prismaAdapter>[0], { provider: "postgresql" }),
    user: {
      modelName: "staffUser",
      additionalFields: {
        role: { type: "string", input: false, required: false, defaultValue: "viewer" },
        banned: { type: "boolean", input: false, required: false, defaultValue: false },
      },
    },
    session: {
      modelName: "staffSession",
      // Idle timeout: the expiry slides forward while the session is used (refreshed once a
      // tenth of the window has passed). The absolute lifetime is checked by resolveStaff.
      expiresIn: env().STAFF_SESSION_IDLE_MINUTES * 60,
      updateAge: Math.max(60, Math.floor((env().STAFF_SESSION_IDLE_MINUTES * 60) / 10)),
      cookieCache: { enabled: false },
    },
    account: { modelName: "staffCredential" },
    verification: { modelName: "verification" },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      autoSignIn: false,
    },
    rateLimit: {
      enabled: true,
      // One process owns a PGlite directory; with PostgreSQL and several instances the
      // per-instance memory limit multiplies (see docs/decisions/005-staff-auth.md).
      storage: "memory",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
      },
    },
    advanced: {
      useSecureCookies: base.startsWith("https://"),
      // better-auth skips the origin check when NODE_ENV=test; keep it on everywhere so
      // the tests exercise what production does.
      disableOriginCheck: false,
      cookiePrefix: "rp",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // The one trusted client address (lib/http/client-ip.ts), which the auth route sets
      // on every request it hands over; X-Forwarded-For as a client sent it is never read.
      ipAddress: { ipAddressHeaders: [clientIpHeader] },
      database: { generateId: () => crypto.randomUUID() },
    },
    hooks: {
      // The per-account throttle on failed sign-ins, before better-auth checks anything.
      before: createAuthMiddleware(async (ctx) => {
        const attempt = await signInAttempt(db, ctx);
        if (!attempt) return;
        const wait = await signInWaitSeconds(db, attempt.email);
        if (wait > 0) throw new APIError("TOO_MANY_REQUESTS", { message: signInThrottledMessage, code: "SIGN_IN_THROTTLED" }, { "X-Retry-After": String(wait) });
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        if (!isAPIError(returned) || returned.statusCode !== 401) return;
        const attempt = await signInAttempt(db, ctx);
        if (!attempt) return;
        const user = await db.prisma.staffUser.findUnique({ where: { email: attempt.email }, select: { id: true } });
        await recordFailedSignIn(db, { ...attempt, userId: user?.id ?? null, ip: ctx.headers?.get(clientIpHeader) ?? null });
      }),
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled staff member gets no session, whatever the password.
          async before(session) {
            const user = await db.prisma.staffUser.findUnique({ where: { id: session.userId }, select: { banned: true } });
            if (!user || user.banned) {
              throw new APIError("FORBIDDEN", { message: "This staff account is disabled." });
            }
            return { data: session };
          },
        },
      },
    },
    plugins: [
      // TOTP with backup codes (docs/decisions/005-staff-auth.md); secrets encrypted with
      // AUTH_SECRET. Enrolment is enforced by requireStaff (second-factor.ts), not here.
      twoFactor({
        issuer: "Recovery Portal",
        twoFactorTable: "staffTwoFactor",
        backupCodeOptions: { amount: 10, length: 10, storeBackupCodes: "encrypted" },
      }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<Database, Auth>();

/** The auth instance for the process's database (tests install their own database). */
export async function getAuth(): Promise<Auth> {
  const db = await database();
  let auth = instances.get(db);
  if (!auth) {
    auth = createAuth(db);
    instances.set(db, auth);
  }
  return auth;
}
