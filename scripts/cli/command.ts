import type { DatabaseTarget } from "../../lib/backups/database-target";
import type { Database } from "../../lib/db";
import type { Principal } from "../../lib/auth/principal";

/**
 * One operator command (`npm run cli -- <name> ...`): its flags, its help and what it
 * does. A command parses nothing itself (the runner does, with node:util parseArgs
 * from `options`), calls one use case in lib/ and returns what to print; the runner
 * prints it as text or, with --json, as one JSON document, and maps every error to an
 * exit code in one place (run-cli.ts). docs/decisions/025-cli-command-registry.md
 */
export interface OptionDef {
  type: "string" | "boolean";
  /** May be given more than once (values arrive as an array). */
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in the help: `--slug S`. */
  value?: string;
  description: string;
  /** The runner refuses to run without it (exit 2). */
  required?: boolean;
  default?: string | boolean;
}

export type OptionDefs = Record<string, OptionDef>;

export type OptionValues<O extends OptionDefs> = {
  [K in keyof O]: O[K] extends { type: "boolean" }
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : O[K] extends { required: true }
        ? string
        : O[K] extends { default: string }
          ? string
          : string | undefined;
};

export interface CommandContext {
  /** The app's database (DATABASE_URL or DATA_DIR), opened and migrated on first use. */
  database(): Promise<Database>;
  /**
   * Where the app's database is, not opened (backup and restore work on the files or
   * the server themselves and must not migrate first).
   */
  databaseTarget(): DatabaseTarget;
  /** All of stdin as UTF-8 text; a UsageError when it is a terminal, empty or not UTF-8. */
  readStdin(what: string): Promise<string>;
  /** Who the operator is: an admin, audited as the system user running the CLI. */
  principal: Principal;
  /** --json was given (a command that streams progress stays quiet then). */
  json: boolean;
  /** Where a command streams bytes (an export's CSV to standard output). */
  output: NodeJS.WritableStream;
  /** Progress lines while the command runs (suppressed with --json). */
  progress(line: string): void;
}

export interface CommandResult {
  /** What --json prints, as one document. */
  data: unknown;
  /** What is printed otherwise. */
  lines: string[];
  /** 0 unless something was rejected (for example an import with bad rows: 1). */
  exitCode?: number;
}

export interface Command<O extends OptionDefs = OptionDefs> {
  name: string;
  /** One line in the command list. */
  summary: string;
  /** Positional part of the usage line, e.g. "FILE". */
  args?: string;
  /** How many positionals it takes (default none). */
  positionals?: { min: number; max: number };
  /** Paragraphs of the command's own --help. */
  description?: string;
  /** What it reads on stdin, for the help ("the update's markdown"). */
  stdin?: string;
  options: O;
  /**
   * Where a use-case field came from when it is not the flag of the same name, for
   * error messages: { correctionNote: "--correction", body: "stdin" }.
   */
  fieldSources?: Record<string, string>;
  run(input: { values: OptionValues<O>; positionals: string[] }, ctx: CommandContext): Promise<CommandResult>;
}

/** Keeps the option types of one command literal (so `values` is typed from `options`). */
export function defineCommand<const O extends OptionDefs>(command: Command<O>): Command<O> {
  return command;
}

/** A wrong command line or input: exit status 2, nothing was changed. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
