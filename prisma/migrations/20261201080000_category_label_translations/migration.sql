-- A kind of data's label in the other languages of its incident (docs/decisions/043): what a
-- Spanish reader sees for "Contacts" on the status page, the private page and the restore email.
-- CreateTable
CREATE TABLE "data_category_translation" (
    "category_id" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_category_translation_pkey" PRIMARY KEY ("category_id","locale")
);

-- AddForeignKey
ALTER TABLE "data_category_translation" ADD CONSTRAINT "data_category_translation_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "data_category"("id") ON DELETE CASCADE ON UPDATE CASCADE;
