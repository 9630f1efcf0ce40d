-- Uploaded files (CSV imports) in the database, in 1 MiB chunks, so that any app
-- instance can work on an upload another instance received (docs/decisions/038).
-- CreateTable
CREATE TABLE "upload_chunk" (
    "upload_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "upload_chunk_pkey" PRIMARY KEY ("upload_id","seq")
);
