-- An import row can be accepted with a warning (a language tag the portal does not ship is
-- read as the default language): the dry run reports them per line (docs/decisions/043).
-- AlterTable
ALTER TABLE "import_job" ADD COLUMN     "warnings" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "rows_warned" INTEGER NOT NULL DEFAULT 0;
