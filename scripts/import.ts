import { commands } from "./cli/commands";
import { runCli } from "./cli/run-cli";

// `npm run import -- FILE [--dry-run] [--incident SLUG]`: the same as `npm run cli -- import ...`.
process.exitCode = await runCli(["import", ...process.argv.slice(2)], commands, {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  stdin: process.stdin,
});
