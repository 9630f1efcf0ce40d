-- Content in several languages (docs/decisions/043): an incident's own columns are its
-- default language; every other language is a translation row. Letter revisions carry
-- their language, numbered per language (a Spanish correction is a Spanish revision).
-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "default_locale" TEXT NOT NULL DEFAULT 'en';

-- AlterTable
ALTER TABLE "letter_revision" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en';

-- AlterTable
ALTER TABLE "subscriber" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en';

-- CreateTable
CREATE TABLE "incident_translation" (
    "incident_id" UUID NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "advice" TEXT NOT NULL DEFAULT '',
    "remedy" TEXT NOT NULL DEFAULT '',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_translation_pkey" PRIMARY KEY ("incident_id","locale")
);

-- CreateTable
CREATE TABLE "incident_update_translation" (
    "update_id" UUID NOT NULL,
    "locale" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_update_translation_pkey" PRIMARY KEY ("update_id","locale")
);

-- CreateTable
CREATE TABLE "letter_translation" (
    "letter_id" UUID NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "signatory_name" TEXT NOT NULL,
    "signatory_title" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "letter_translation_pkey" PRIMARY KEY ("letter_id","locale")
);

-- DropIndex
DROP INDEX "letter_revision_letter_id_revision_key";

-- CreateIndex
CREATE UNIQUE INDEX "letter_revision_letter_id_locale_revision_key" ON "letter_revision"("letter_id", "locale", "revision");

-- AddForeignKey
ALTER TABLE "incident_translation" ADD CONSTRAINT "incident_translation_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_update_translation" ADD CONSTRAINT "incident_update_translation_update_id_fkey" FOREIGN KEY ("update_id") REFERENCES "incident_update"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "letter_translation" ADD CONSTRAINT "letter_translation_letter_id_fkey" FOREIGN KEY ("letter_id") REFERENCES "letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
