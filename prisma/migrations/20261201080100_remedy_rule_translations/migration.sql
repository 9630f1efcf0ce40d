-- A remedy's name and offer in the other languages of its incident (docs/decisions/043): what a
-- Spanish customer reads on the private page and in the restore email that announces it.
-- CreateTable
CREATE TABLE "remedy_rule_translation" (
    "rule_id" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "remedy_rule_translation_pkey" PRIMARY KEY ("rule_id","locale")
);

-- AddForeignKey
ALTER TABLE "remedy_rule_translation" ADD CONSTRAINT "remedy_rule_translation_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "remedy_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
