-- API keys may expire (issue 11.6).
ALTER TABLE "api_key" ADD COLUMN "expires_at" TIMESTAMPTZ(3);
