import { Readable } from "node:stream";
import { commands } from "../../scripts/cli/commands";
import { runCli } from "../../scripts/cli/run-cli";
import type { Database } from "../../lib/db";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json runs. */
  json: () => unknown;
}

/** Runs one `npm run cli` command in this process on the given database. */
export async function cli(db: Database, argv: string[], stdin: string | Buffer = ""): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, commands, {
    db,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stdin: Readable.from([Buffer.from(stdin)]),
  });
  const stdout = out.join("\n");
  return { code, stdout, stderr: err.join("\n"), json: () => JSON.parse(stdout) as unknown };
}
