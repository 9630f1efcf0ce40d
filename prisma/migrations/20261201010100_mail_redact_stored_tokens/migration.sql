-- Token links are credentials only their recipient may hold (lib/mail/redact.ts). Mail
-- queued before this release carried raw tokens in its payload (lookup_link and
-- subscription_confirm: "token"; staff_invite: "inviteUrl"), and the captured copies shown
-- in the staff mail view kept every link as sent. Messages that are sent or parked lose
-- them now; queued ones lose them when they are sent (the worker issues a fresh link).
UPDATE "email_outbox" SET "payload" = "payload" - 'token' - 'inviteUrl'
WHERE "status" IN ('sent', 'parked') AND ("payload" ? 'token' OR "payload" ? 'inviteUrl');

UPDATE "captured_email" SET
  "html" = regexp_replace("html", '/(account|subscribe/confirm|admin/invite|unsubscribe)/[^[:space:]"''<>)\]]+', '/\1/[link removed: only the recipient gets it]', 'g'),
  "text" = regexp_replace("text", '/(account|subscribe/confirm|admin/invite|unsubscribe)/[^[:space:]"''<>)\]]+', '/\1/[link removed: only the recipient gets it]', 'g'),
  "headers" = regexp_replace("headers"::text, '/(account|subscribe/confirm|admin/invite|unsubscribe)/[^[:space:]"''<>)\]]+', '/\1/[link removed: only the recipient gets it]', 'g')::jsonb;
