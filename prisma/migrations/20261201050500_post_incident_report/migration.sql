-- A letter's kind: an apology letter, or the post-incident report (issue 15 item 6),
-- published and revised the same way, its figures filled in from the records when published.
CREATE TYPE "LetterKind" AS ENUM ('letter', 'post_incident_report');

-- AlterTable
ALTER TABLE "letter" ADD COLUMN "kind" "LetterKind" NOT NULL DEFAULT 'letter';
