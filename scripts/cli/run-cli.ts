import { parseArgs } from "node:util";
import { ZodError } from "zod";
import type { DatabaseTarget } from "../../lib/backups/database-target";
import { cliPrincipal } from "../../lib/auth/principal";
import { closeDatabase, database as appDatabase, type Database } from "../../lib/db";
import { EnvError, env } from "../../lib/env";
import { AppError } from "../../lib/errors";
import { MigrationError, migrate } from "../../lib/migrate";
import { UsageError, type Command, type CommandContext, type OptionDefs } from "./command";
import { readStdinText } from "./stdin";

/**
 * The CLI's one runner: finds the command, parses its flags (node:util parseArgs,
 * strict), prints its help, runs it, prints the result as text or --json, and maps
 * every error to an exit status here and nowhere else:
 *   0  done
 *   1  failed or refused (conflict, not found, rejected rows, database unreachable)
 *   2  usage: a wrong command line or input (bad flag, empty stdin); nothing changed
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where a command streams bytes (an export's CSV); default process.stdout. */
  output?: NodeJS.WritableStream;
  /** Use this database instead of the app's (tests); it is not closed. */
  db?: Database;
  /** Use this database location instead of DATABASE_URL / DATA_DIR (tests). */
  target?: DatabaseTarget;
}

const commonOptions = {
  json: { type: "boolean", description: "print the result (or the error) as one JSON document on stdout" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies OptionDefs;

const exitStatusHelp = "Exit status: 0 done, 1 failed or refused, 2 usage error (nothing changed).";

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    "Recovery Portal operator commands",
    "",
    "Usage: npm run cli -- <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    'Every command takes --help (its options) and --json (machine-readable output).',
    exitStatusHelp,
    "",
    "Environment: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded, default .data; stop the app",
    "first: one process owns an embedded database), PUBLIC_URL (base of printed links).",
  ].join("\n");
}

function optionLabel(name: string, def: OptionDefs[string]): string {
  const flag = `${def.short ? `-${def.short}, ` : ""}--${name}${def.type === "string" ? ` ${def.value ?? "VALUE"}` : ""}`;
  return def.multiple ? `${flag} [--${name} ...]` : flag;
}

export function commandHelp(command: Command): string {
  const required = Object.entries(command.options)
    .filter(([, d]) => d.required)
    .map(([n, d]) => `--${n} ${d.value ?? "VALUE"}`);
  const usage = ["npm run cli --", command.name, command.args, ...required, "[options]"].filter(Boolean).join(" ");
  const all = { ...command.options, ...commonOptions } as OptionDefs;
  const labels = Object.entries(all).map(([name, def]) => [optionLabel(name, def), def] as const);
  const width = Math.max(...labels.map(([l]) => l.length)) + 2;
  const lines = [`Usage: ${usage}${command.stdin ? " < FILE" : ""}`, "", command.summary];
  if (command.description) lines.push("", command.description);
  lines.push("", "Options:");
  for (const [label, def] of labels) {
    const extra = [def.required ? "required" : null, def.default !== undefined && def.type === "string" ? `default ${def.default}` : null].filter(Boolean);
    lines.push(`  ${label.padEnd(width)}${def.description}${extra.length ? ` (${extra.join(", ")})` : ""}`);
  }
  if (command.stdin) lines.push("", `Reads from stdin: ${command.stdin} (UTF-8; empty input is refused).`);
  lines.push("", exitStatusHelp);
  return lines.join("\n");
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flag a use case's field came from, when the command has one by that name. */
function flagFor(command: Command | undefined, field: string | undefined): string | undefined {
  if (!command || !field) return undefined;
  const source = command.fieldSources?.[field];
  if (source) return source;
  const name = kebab(field);
  return name in command.options ? `--${name}` : undefined;
}

interface CliFailure {
  exitCode: number;
  code: string;
  message: string;
  details?: unknown;
}

function toFailure(error: unknown, command: Command | undefined): CliFailure {
  if (error instanceof UsageError) {
    return { exitCode: EXIT_USAGE, code: "USAGE", message: error.flag ? `${error.flag}: ${error.message}` : error.message };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.map(String).join(".");
    const where = flagFor(command, issue?.path[0] === undefined ? undefined : String(issue.path[0])) ?? field ?? "input";
    return { exitCode: EXIT_USAGE, code: "VALIDATION", message: `${where}: ${issue?.message ?? "invalid"}` };
  }
  if (error instanceof AppError) {
    const field = (error.details as { field?: unknown } | undefined)?.field;
    const flag = flagFor(command, typeof field === "string" ? field : undefined);
    const usage = error.code === "VALIDATION" || error.code === "BAD_REQUEST" || error.code === "PAYLOAD_TOO_LARGE";
    return {
      exitCode: usage ? EXIT_USAGE : EXIT_FAILED,
      code: error.code,
      message: flag ? `${flag}: ${error.message}` : error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  if (error instanceof EnvError || error instanceof MigrationError) return { exitCode: EXIT_FAILED, code: "CONFIG", message: error.message };
  const e = error as { code?: string; message?: string };
  const reason = e.code === "ECONNREFUSED" ? "database connection refused" : (e.message ?? String(error)).split("\n")[0];
  return { exitCode: EXIT_FAILED, code: "INTERNAL", message: reason ?? "unknown error" };
}

function parse(command: Command, argv: string[]) {
  const options = Object.fromEntries(
    Object.entries({ ...command.options, ...commonOptions } as OptionDefs).map(([name, d]) => [
      name,
      { type: d.type, ...(d.multiple ? { multiple: true } : {}), ...(d.short ? { short: d.short } : {}), ...(d.default !== undefined ? { default: d.default } : {}) },
    ]),
  );
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs `argv` (without the node and script names) and resolves to the exit status. */
export async function runCli(argv: string[], commands: readonly Command[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes("--json") || argv.includes("--json");
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainHelp(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  let opened: Database | undefined;
  try {
    if (!command) throw new UsageError(`Unknown command: ${name}. Commands: ${commands.map((c) => c.name).join(", ")}.`);
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      io.stdout(commandHelp(command));
      return EXIT_OK;
    }
    for (const [option, def] of Object.entries(command.options)) {
      const v = values[option];
      if (def.required && (v === undefined || (Array.isArray(v) && v.length === 0))) {
        throw new UsageError(`${command.name} needs --${option}${def.value ? ` ${def.value}` : ""} (${def.description}).`);
      }
    }
    const { min, max } = command.positionals ?? { min: 0, max: 0 };
    if (positionals.length < min || positionals.length > max) {
      throw new UsageError(
        max === 0 ? `${command.name} takes no arguments (got "${positionals[0]}").` : `${command.name} takes ${command.args ?? "arguments"}.`,
      );
    }
    const ctx: CommandContext = {
      principal: cliPrincipal(),
      json,
      progress: (line) => {
        if (!json) io.stdout(line);
      },
      readStdin: (what) => readStdinText(io.stdin, what),
      output: io.output ?? process.stdout,
      databaseTarget() {
        if (io.target) return io.target;
        const e = env();
        return { url: e.DATABASE_URL, dataDir: e.DATA_DIR };
      },
      async database() {
        if (io.db) return io.db;
        if (!opened) {
          env();
          opened = await appDatabase();
          await migrate(opened.driver);
        }
        return opened;
      },
    };
    const result = await command.run({ values: values as never, positionals }, ctx);
    // A command that streamed its output (an export to stdout) has nothing more to print.
    if (json || result.lines.length > 0) io.stdout(json ? JSON.stringify(result.data, null, 2) : result.lines.join("\n"));
    return result.exitCode ?? EXIT_OK;
  } catch (error) {
    const failure = toFailure(error, command);
    if (json) {
      io.stdout(JSON.stringify({ error: { code: failure.code, message: failure.message, ...(failure.details === undefined ? {} : { details: failure.details }) } }, null, 2));
    } else {
      const hint = failure.exitCode === EXIT_USAGE ? `\nRun "npm run cli -- ${command ? `${command.name} ` : ""}--help" for usage.` : "";
      io.stderr(`${command ? `${command.name}: ` : ""}${failure.message}${hint}`);
    }
    return failure.exitCode;
  } finally {
    if (opened) await closeDatabase().catch(() => {});
  }
}
