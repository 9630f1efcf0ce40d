-- Subscription confirmation links expire (issue 11.9).
ALTER TABLE "subscriber" ADD COLUMN "confirm_token_expires_at" TIMESTAMPTZ(3);
