-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "clerk_webhook_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "svix_timestamp" TIMESTAMP(3) NOT NULL,
    "event_timestamp" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3),
    "locked_until" TIMESTAMP(3),
    "lock_token" TEXT,
    "last_error" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "clerk_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "test_effects" (
    "id" SERIAL NOT NULL,
    "event_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_effects_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "clerk_webhook_events_status_next_attempt_at_idx" ON "clerk_webhook_events"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_type_received_at_idx" ON "clerk_webhook_events"("type", "received_at");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_received_at_idx" ON "clerk_webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "test_effects_key_idx" ON "test_effects"("key");

