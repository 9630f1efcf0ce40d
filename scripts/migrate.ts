import { migrate } from "../lib/migrate";
import { withDatabase } from "./bootstrap";

await withDatabase(async (db) => {
  const result = await migrate(db.driver);
  console.log(
    result.applied.length
      ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
      : `Database is up to date (${result.alreadyApplied} migrations).`,
  );
});
