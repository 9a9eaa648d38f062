-- AlterTable
ALTER TABLE "clerk_webhook_events" ADD COLUMN "instance_id" TEXT;
ALTER TABLE "clerk_webhook_events" ADD COLUMN "replay_hooks" BOOLEAN;

