-- Import progress for the progress bar and its ETA: phase, bytes read of the file's
-- size, phase start times and the commit's summary counts ({} until the job starts).
-- AlterTable
ALTER TABLE "import_job" ADD COLUMN "progress" JSONB NOT NULL DEFAULT '{}';
