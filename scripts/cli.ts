import { parseArgs } from "node:util";
import { z } from "zod";
import { apiKeyScopeSchema, apiKeyScopes, createApiKey } from "../lib/auth/api-keys";
import { cliPrincipal } from "../lib/auth/principal";
import { recordAudit } from "../lib/audit/record-audit";
import { migrate } from "../lib/migrate";
import { runImportCli } from "../lib/imports/run-import-cli";
import { inviteStaff } from "../lib/staff/invite-staff";
import { staffRoleSchema, staffRoles } from "../lib/staff/staff-schemas";
import { withDatabase } from "./bootstrap";

/**
 * `npm run cli -- <command>`: operator commands against the same DATABASE_URL /
 * DATA_DIR as the app. With the embedded database, stop the app first: one process
 * owns a PGlite directory. Exit status: 0 done, 1 failed, 2 usage error / not implemented.
 */
const help = `Recovery Portal operator commands

Usage: npm run cli -- <command> [options]

Commands:
  create-staff --email E --role R [--name N] [--password P]
      Create a staff member. Roles: ${staffRoles.join(", ")}.
      Without --password, prints a one-time invite link (valid 7 days) and queues the
      invite email.
  create-api-key --name N --scope S [--scope S2]
      Create an API key for a machine. Scopes: ${apiKeyScopes.join(", ")}.
      Prints the key once; only its hash is stored.
  import FILE [--dry-run] [--incident SLUG]
      Import affected accounts and their impacts from a CSV file (columns in the
      README). A dry run reports counts and errors and changes nothing; exit status 1
      when any row is rejected, and then nothing is applied.
  --help
      Show this help.

Environment: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded, default .data), PUBLIC_URL
(base of invite links).`;

function usage(message: string): never {
  console.error(`${message}\n\nRun "npm run cli -- --help" for the commands.`);
  process.exit(2);
}

type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;

function parseOptions(args: string[], options: OptionSpec) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    usage((error as Error).message);
  }
}

function validated<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (!result.success) usage(`${flag}: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

async function createStaffCommand(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    email: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
  });
  if (!values.email) usage("create-staff needs --email.");
  if (!values.role) usage(`create-staff needs --role (${staffRoles.join(", ")}).`);
  const role = validated(staffRoleSchema, values.role, "--role");
  const email = validated(z.email("must be an email address"), values.email, "--email");
  if (typeof values.password === "string") validated(z.string().min(10, "at least 10 characters").max(128), values.password, "--password");
  await withDatabase(async (db) => {
    await migrate(db.driver);
    const created = await inviteStaff(db.prisma, cliPrincipal(), {
      email,
      role,
      name: typeof values.name === "string" ? values.name : "",
      ...(typeof values.password === "string" ? { password: values.password } : {}),
    });
    console.log(`Created ${created.email} (${created.role}).`);
    if (created.inviteUrl) {
      console.log(`One-time invite link (valid 7 days, shown once; the invite email is queued):\n${created.inviteUrl}`);
    } else {
      console.log("They can sign in at /admin/sign-in with the password given.");
    }
  });
}

async function createApiKeyCommand(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    name: { type: "string" },
    scope: { type: "string", multiple: true },
  });
  if (!values.name) usage("create-api-key needs --name.");
  const scopes = (values.scope as string[] | undefined) ?? [];
  if (scopes.length === 0) usage(`create-api-key needs --scope (${apiKeyScopes.join(", ")}).`);
  const name = validated(z.string().trim().min(1).max(100), values.name, "--name");
  const parsedScopes = scopes.map((s) => validated(apiKeyScopeSchema, s, "--scope"));
  await withDatabase(async (db) => {
    await migrate(db.driver);
    const principal = cliPrincipal();
    const created = await db.prisma.$transaction(async (tx) => {
      const key = await createApiKey(tx, { name, scopes: parsedScopes });
      await recordAudit(tx, principal.actor, { action: "api_key.create", targetType: "api_key", targetId: key.id, after: { name, scopes: parsedScopes, prefix: key.prefix } });
      return key;
    });
    console.log(`Created API key "${name}" (${parsedScopes.join(", ")}), id ${created.id}.`);
    console.log("The key is shown once; store it now:");
    console.log(created.key);
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "--help":
    case "-h":
    case "help":
      console.log(help);
      return;
    case "create-staff":
      return createStaffCommand(rest);
    case "create-api-key":
      return createApiKeyCommand(rest);
    case "import": {
      // Same validation, report and transaction as the upload; non-zero when anything is rejected.
      const code = await withDatabase(() => runImportCli(rest));
      process.exit(code);
    }
    default:
      usage(`Unknown command: ${command}`);
  }
}

await main(process.argv.slice(2));
