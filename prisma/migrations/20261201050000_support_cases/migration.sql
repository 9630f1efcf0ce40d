-- Support cases: "something is missing" reports from the private account page, with the
-- staff replies (emailed as case_reply), internal notes and the customer's answers.
ALTER TYPE "ActorType" ADD VALUE 'customer';
ALTER TYPE "EmailKind" ADD VALUE 'case_reply';

-- CreateEnum
CREATE TYPE "CaseState" AS ENUM ('open', 'waiting_on_customer', 'resolved');

-- CreateEnum
CREATE TYPE "CaseMessageKind" AS ENUM ('report', 'customer', 'reply', 'note');

-- CreateTable
CREATE TABLE "support_case" (
    "id" SERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "state" "CaseState" NOT NULL DEFAULT 'open',
    "missing" TEXT NOT NULL,
    "items_expected" INTEGER,
    "contact" TEXT NOT NULL,
    "assignee_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "support_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_message" (
    "id" SERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "kind" "CaseMessageKind" NOT NULL,
    "body" TEXT NOT NULL,
    "author_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "support_case_state_created_at_idx" ON "support_case"("state", "created_at");

-- CreateIndex
CREATE INDEX "support_case_category_id_created_at_idx" ON "support_case"("category_id", "created_at");

-- CreateIndex
CREATE INDEX "support_case_account_id_idx" ON "support_case"("account_id");

-- CreateIndex
CREATE INDEX "support_case_assignee_id_idx" ON "support_case"("assignee_id");

-- CreateIndex
CREATE INDEX "case_message_case_id_id_idx" ON "case_message"("case_id", "id");

-- AddForeignKey
ALTER TABLE "support_case" ADD CONSTRAINT "support_case_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_case" ADD CONSTRAINT "support_case_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_case" ADD CONSTRAINT "support_case_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "data_category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_case" ADD CONSTRAINT "support_case_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_message" ADD CONSTRAINT "case_message_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "support_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_message" ADD CONSTRAINT "case_message_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
