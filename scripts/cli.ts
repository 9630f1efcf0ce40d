import { commands } from "./cli/commands";
import { runCli } from "./cli/run-cli";

/**
 * `npm run cli -- <command> [options]`: operator commands against the same
 * DATABASE_URL / DATA_DIR as the app (one file per command in scripts/cli/commands/).
 * With the embedded database, stop the app first: one process owns a PGlite directory.
 */
const code = await runCli(process.argv.slice(2), commands, {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  stdin: process.stdin,
});
process.exitCode = code;
