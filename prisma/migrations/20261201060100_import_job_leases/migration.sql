-- Import runs are jobs claimed from the database (FOR UPDATE SKIP LOCKED) under a lease,
-- so that a run whose instance died is taken over by another (docs/decisions/039).
-- AlterTable
ALTER TABLE "import_job" ADD COLUMN     "run_wanted" TEXT,
ADD COLUMN     "run_actor" JSONB,
ADD COLUMN     "locked_by" TEXT,
ADD COLUMN     "locked_until" TIMESTAMPTZ(3),
ADD COLUMN     "run_attempts" INTEGER NOT NULL DEFAULT 0;
