-- CreateTable
CREATE TABLE "clerk_webhook_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "svix_timestamp" DATETIME NOT NULL,
    "event_timestamp" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME,
    "locked_until" DATETIME,
    "lock_token" TEXT,
    "last_error" TEXT,
    "received_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" DATETIME,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "test_effects" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "event_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "clerk_webhook_events_status_next_attempt_at_idx" ON "clerk_webhook_events"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_type_received_at_idx" ON "clerk_webhook_events"("type", "received_at");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_received_at_idx" ON "clerk_webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "test_effects_key_idx" ON "test_effects"("key");

