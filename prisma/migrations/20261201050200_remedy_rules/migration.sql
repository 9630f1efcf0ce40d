-- Remedy rules: per incident, an offer and the recovery-state condition that earns it.
CREATE TABLE "remedy_rule" (
    "id" SERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "remedy_rule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "remedy_rule_incident_id_idx" ON "remedy_rule"("incident_id");

-- AddForeignKey
ALTER TABLE "remedy_rule" ADD CONSTRAINT "remedy_rule_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
