import { runImportCli } from "../lib/imports/run-import-cli";
import { withDatabase } from "./bootstrap";

// `npm run import -- FILE [--dry-run] [--incident SLUG]` (also `npm run cli -- import ...`).
const code = await withDatabase(() => runImportCli(process.argv.slice(2)));
process.exit(code);
