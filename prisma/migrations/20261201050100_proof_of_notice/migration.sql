-- Proof of notice: each email records the template version and language it was sent
-- with; each private link when the page behind it was first and last seen.
ALTER TABLE "email_outbox" ADD COLUMN "template_version" TEXT,
ADD COLUMN "language" TEXT;

ALTER TABLE "lookup_token" ADD COLUMN "first_opened_at" TIMESTAMPTZ(3),
ADD COLUMN "last_opened_at" TIMESTAMPTZ(3);
