-- DropIndex
DROP INDEX "clerk_users_deleted_at_created_at_idx";

-- DropIndex
DROP INDEX "clerk_organizations_deleted_at_created_at_idx";

-- DropIndex
DROP INDEX "clerk_emails_user_id_created_at_idx";

-- DropIndex
DROP INDEX "clerk_emails_created_at_idx";

-- DropIndex
DROP INDEX "clerk_sms_messages_user_id_created_at_idx";

-- DropIndex
DROP INDEX "clerk_sms_messages_created_at_idx";

-- CreateIndex
CREATE INDEX "clerk_users_deleted_at_created_at_id_search_text_idx" ON "clerk_users"("deleted_at", "created_at", "id", "search_text");

-- CreateIndex
CREATE INDEX "clerk_organizations_deleted_at_created_at_id_idx" ON "clerk_organizations"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_organization_invitations_deleted_at_created_at_id_idx" ON "clerk_organization_invitations"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_organization_memberships_deleted_at_created_at_id_idx" ON "clerk_organization_memberships"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_sessions_deleted_at_updated_at_id_idx" ON "clerk_sessions"("deleted_at", "updated_at", "id");

-- CreateIndex
CREATE INDEX "clerk_emails_user_id_created_at_id_idx" ON "clerk_emails"("user_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_emails_created_at_id_idx" ON "clerk_emails"("created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_sms_messages_user_id_created_at_id_idx" ON "clerk_sms_messages"("user_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_sms_messages_created_at_id_idx" ON "clerk_sms_messages"("created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_invitations_deleted_at_created_at_id_idx" ON "clerk_invitations"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_waitlist_entries_deleted_at_created_at_id_idx" ON "clerk_waitlist_entries"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_subscriptions_deleted_at_created_at_id_idx" ON "clerk_subscriptions"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_subscription_items_deleted_at_period_start_id_idx" ON "clerk_subscription_items"("deleted_at", "period_start", "id");

-- CreateIndex
CREATE INDEX "clerk_payment_attempts_deleted_at_created_at_id_idx" ON "clerk_payment_attempts"("deleted_at", "created_at", "id");

