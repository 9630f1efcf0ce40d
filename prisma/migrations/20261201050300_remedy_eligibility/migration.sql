-- Who qualifies for each remedy rule, kept set-based (lib/remedies/refresh-remedy-eligibility.ts):
-- a row per (rule, account) that has ever qualified; "qualifies" follows the records,
-- the announcement and the claim stay with the row.
CREATE TABLE "remedy_eligibility" (
    "rule_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "qualifies" BOOLEAN NOT NULL DEFAULT true,
    "qualified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "announced_at" TIMESTAMPTZ(3),
    "announced_email_id" INTEGER,
    "claimed_at" TIMESTAMPTZ(3),
    "claim_reference" TEXT,

    CONSTRAINT "remedy_eligibility_pkey" PRIMARY KEY ("rule_id","account_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "remedy_eligibility_claim_reference_key" ON "remedy_eligibility"("claim_reference");

-- CreateIndex
CREATE INDEX "remedy_eligibility_account_id_idx" ON "remedy_eligibility"("account_id");

-- CreateIndex
CREATE INDEX "remedy_eligibility_announced_email_id_idx" ON "remedy_eligibility"("announced_email_id");

-- AddForeignKey
ALTER TABLE "remedy_eligibility" ADD CONSTRAINT "remedy_eligibility_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "remedy_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "remedy_eligibility" ADD CONSTRAINT "remedy_eligibility_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "remedy_eligibility" ADD CONSTRAINT "remedy_eligibility_announced_email_id_fkey" FOREIGN KEY ("announced_email_id") REFERENCES "email_outbox"("id") ON DELETE SET NULL ON UPDATE CASCADE;
