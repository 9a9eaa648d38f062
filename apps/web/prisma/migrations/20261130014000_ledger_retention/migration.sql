-- DropIndex
DROP INDEX "clerk_webhook_events_received_at_idx";

-- DropIndex
DROP INDEX "clerk_webhook_events_type_received_at_idx";

-- AlterTable
ALTER TABLE "clerk_webhook_events" ADD COLUMN "payload_pruned_at" DATETIME;
ALTER TABLE "clerk_webhook_events" ADD COLUMN "subject_id" TEXT;

-- CreateIndex
CREATE INDEX "clerk_webhook_events_received_at_id_idx" ON "clerk_webhook_events"("received_at", "id");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_type_received_at_id_idx" ON "clerk_webhook_events"("type", "received_at", "id");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_status_received_at_id_idx" ON "clerk_webhook_events"("status", "received_at", "id");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_processed_at_idx" ON "clerk_webhook_events"("processed_at");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_payload_pruned_at_received_at_idx" ON "clerk_webhook_events"("payload_pruned_at", "received_at");


-- The subject of deliveries recorded before the column existed, as the kit now writes it.
UPDATE "clerk_webhook_events" SET "subject_id" = json_extract("payload", '$.data.id')
WHERE json_type("payload", '$.data.id') = 'text';
