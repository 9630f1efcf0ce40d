-- CreateTable
-- Counters for rate-limiter-flexible's RateLimiterPostgres (lookup and subscribe forms).
-- The library's own column layout: it is created here, not at run time by the library,
-- so that migrations stay the only source of DDL (docs/decisions/subscribers-rate-limit.md).
CREATE TABLE "rate_limit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);
