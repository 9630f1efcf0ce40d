-- Background jobs other than imports (bulk state change files, update and letter fan-out),
-- claimed under a lease like import runs (lib/jobs/leased-runs.ts, docs/decisions/046).
-- CreateTable
CREATE TABLE "background_job" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "data" JSONB NOT NULL DEFAULT '{}',
    "run_wanted" TEXT,
    "run_input" JSONB,
    "run_actor" JSONB,
    "locked_by" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "run_attempts" INTEGER NOT NULL DEFAULT 0,
    "outcome" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "background_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "background_job_kind_created_at_idx" ON "background_job"("kind", "created_at");
