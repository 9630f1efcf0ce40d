import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";

/**
 * The benchmarks' accounts file (bench:import, bench:day-one): `accounts` accounts x 6
 * categories in the import's CSV format, mostly pending, some restoring, as on the day
 * restores start. Written once per size under bench/out/ (git-ignored) and reused.
 */
export const affectedCategories = ["contacts", "calendar", "notes", "tasks", "photos", "other"];

export const affectedCsvPath = (accounts: number) => path.resolve("bench/out", `affected-${accounts}.csv`);

export async function writeAffectedCsv(csvPath: string, accounts: number): Promise<void> {
  if (existsSync(csvPath)) return;
  mkdirSync(path.dirname(csvPath), { recursive: true });
  const started = Date.now();
  const out = createWriteStream(csvPath);
  out.write("account_ref,email,display_name,locale,category,state,items_total,items_restored\n");
  let lines: string[] = [];
  for (let i = 1; i <= accounts; i++) {
    const ref = `BN-${String(i).padStart(7, "0")}`;
    const locale = i % 7 === 0 ? "de" : i % 11 === 0 ? "fr" : "en";
    const name = i % 13 === 0 ? `"Customer, ${i}"` : `Customer ${i}`;
    affectedCategories.forEach((category, c) => {
      // The import happens when restores start: mostly pending, some already restoring.
      const state = (i + c) % 7 === 0 ? "restoring" : "pending";
      lines.push(`${ref},customer${i}@example.com,${name},${locale},${category},${state},${(i * 31 + c * 17) % 900},\n`);
    });
    if (lines.length >= 6_000) {
      if (!out.write(lines.join(""))) await once(out, "drain");
      lines = [];
    }
  }
  out.end(lines.join(""));
  await once(out, "finish");
  console.log(`generated ${csvPath} (${(statSync(csvPath).size / 1024 / 1024).toFixed(0)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
