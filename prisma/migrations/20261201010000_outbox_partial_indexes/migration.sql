-- The worker reads due messages and expired claims through partial indexes, which sent
-- rows (millions, kept as the record of who was told what) never enter. The mail view
-- filters one status, newest first.
DROP INDEX "email_outbox_status_next_attempt_at_idx";

-- CreateIndex
CREATE INDEX "email_outbox_due_idx" ON "email_outbox"("next_attempt_at") WHERE status = 'queued';

-- CreateIndex
CREATE INDEX "email_outbox_lease_idx" ON "email_outbox"("locked_until") WHERE status = 'sending';

-- CreateIndex
CREATE INDEX "email_outbox_status_id_idx" ON "email_outbox"("status", "id");
