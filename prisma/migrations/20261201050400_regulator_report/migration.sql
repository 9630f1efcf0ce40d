-- The regulator summary (issue 15 item 5): when the company became aware, who to contact,
-- when each impact entered the records (rows that existed before get the time of this
-- migration: a constant default, so no table rewrite), and every issued version.
ALTER TABLE "incident" ADD COLUMN "aware_at" TIMESTAMPTZ(3),
ADD COLUMN "dpo_contact" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "impact" ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "regulator_report_version" (
    "id" SERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "issued_by_id" TEXT,
    "issued_by" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "regulator_report_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "regulator_report_version_incident_id_version_key" ON "regulator_report_version"("incident_id", "version");

-- AddForeignKey
ALTER TABLE "regulator_report_version" ADD CONSTRAINT "regulator_report_version_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "regulator_report_version" ADD CONSTRAINT "regulator_report_version_issued_by_id_fkey" FOREIGN KEY ("issued_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
