-- AlterTable
ALTER TABLE "clerk_webhook_events" ADD COLUMN "payload_note" TEXT;
