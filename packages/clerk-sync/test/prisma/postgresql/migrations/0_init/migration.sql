-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "clerk_webhook_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "payload_note" TEXT,
    "subject_id" TEXT,
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
    "payload_pruned_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,
    "instance_id" TEXT,
    "replay_hooks" BOOLEAN,

    CONSTRAINT "clerk_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_sync_runs" (
    "id" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "groups" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "fix" BOOLEAN NOT NULL DEFAULT false,
    "result" JSONB,
    "drift" INTEGER,
    "last_error" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "clerk_sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_sync_checkpoints" (
    "run_id" TEXT NOT NULL,
    "event_group" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "listed" INTEGER NOT NULL DEFAULT 0,
    "written" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "clerk_sync_checkpoints_pkey" PRIMARY KEY ("run_id","event_group")
);

-- CreateTable
CREATE TABLE "clerk_sync_seen" (
    "run_id" TEXT NOT NULL,
    "event_group" TEXT NOT NULL,
    "id" TEXT NOT NULL,

    CONSTRAINT "clerk_sync_seen_pkey" PRIMARY KEY ("run_id","event_group","id")
);

-- CreateTable
CREATE TABLE "clerk_users" (
    "id" TEXT NOT NULL,
    "external_id" TEXT,
    "username" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "image_url" TEXT,
    "has_image" BOOLEAN,
    "primary_email_address" TEXT,
    "primary_email_address_id" TEXT,
    "primary_phone_number" TEXT,
    "primary_phone_number_id" TEXT,
    "public_metadata" JSONB NOT NULL,
    "private_metadata" JSONB NOT NULL,
    "unsafe_metadata" JSONB NOT NULL,
    "banned" BOOLEAN,
    "locked" BOOLEAN,
    "last_sign_in_at" TIMESTAMP(3),
    "last_active_at" TIMESTAMP(3),
    "search_text" TEXT,
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_organizations" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "slug" TEXT,
    "image_url" TEXT,
    "has_image" BOOLEAN,
    "members_count" INTEGER,
    "max_allowed_memberships" INTEGER,
    "admin_delete_enabled" BOOLEAN,
    "public_metadata" JSONB NOT NULL,
    "private_metadata" JSONB NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_organization_domains" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT,
    "name" TEXT,
    "enrollment_mode" TEXT,
    "verification_status" TEXT,
    "verification_strategy" TEXT,
    "affiliation_email_address" TEXT,
    "total_pending_invitations" INTEGER,
    "total_pending_suggestions" INTEGER,
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_organization_domains_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_organization_invitations" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "email_address" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "role_name" TEXT,
    "status" TEXT,
    "user_id" TEXT,
    "public_metadata" JSONB NOT NULL,
    "private_metadata" JSONB NOT NULL,
    "url" TEXT,
    "expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_organization_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_organization_memberships" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT,
    "role" TEXT,
    "permissions" JSONB NOT NULL,
    "public_metadata" JSONB NOT NULL,
    "private_metadata" JSONB NOT NULL,
    "user_identifier" TEXT,
    "user_first_name" TEXT,
    "user_last_name" TEXT,
    "user_image_url" TEXT,
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_organization_memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_roles" (
    "id" TEXT NOT NULL,
    "key" TEXT,
    "name" TEXT,
    "description" TEXT,
    "permissions" JSONB NOT NULL,
    "is_creator_eligible" BOOLEAN,
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_permissions" (
    "id" TEXT NOT NULL,
    "key" TEXT,
    "name" TEXT,
    "description" TEXT,
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_permissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "last_active_organization_id" TEXT,
    "impersonated" BOOLEAN NOT NULL DEFAULT false,
    "last_active_at" TIMESTAMP(3),
    "expire_at" TIMESTAMP(3),
    "abandon_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_emails" (
    "id" TEXT NOT NULL,
    "user_id" TEXT,
    "email_address_id" TEXT,
    "to_email_address" TEXT,
    "from_email_name" TEXT,
    "subject" TEXT,
    "slug" TEXT,
    "status" TEXT,
    "delivered_by_clerk" BOOLEAN,
    "created_at" TIMESTAMP(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_sms_messages" (
    "id" TEXT NOT NULL,
    "user_id" TEXT,
    "phone_number_id" TEXT,
    "to_phone_number" TEXT,
    "from_phone_number" TEXT,
    "slug" TEXT,
    "status" TEXT,
    "delivered_by_clerk" BOOLEAN,
    "created_at" TIMESTAMP(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_sms_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_invitations" (
    "id" TEXT NOT NULL,
    "email_address" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "revoked" BOOLEAN,
    "public_metadata" JSONB NOT NULL,
    "url" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_waitlist_entries" (
    "id" TEXT NOT NULL,
    "email_address" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "is_locked" BOOLEAN,
    "invitation_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_waitlist_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_subscriptions" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payer_id" TEXT,
    "user_id" TEXT,
    "organization_id" TEXT,
    "latest_payment_id" TEXT,
    "payment_source_id" TEXT,
    "active_at" TIMESTAMP(3),
    "past_due_at" TIMESTAMP(3),
    "canceled_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_subscription_items" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "plan_id" TEXT,
    "plan_slug" TEXT,
    "plan_name" TEXT,
    "plan_period" TEXT,
    "payer_id" TEXT,
    "user_id" TEXT,
    "organization_id" TEXT,
    "amount" INTEGER,
    "currency" TEXT,
    "is_free_trial" BOOLEAN,
    "period_start" TIMESTAMP(3),
    "period_end" TIMESTAMP(3),
    "canceled_at" TIMESTAMP(3),
    "past_due_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_subscription_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clerk_payment_attempts" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payment_id" TEXT,
    "statement_id" TEXT,
    "charge_type" TEXT,
    "payer_id" TEXT,
    "user_id" TEXT,
    "organization_id" TEXT,
    "amount" INTEGER,
    "currency" TEXT,
    "failed_reason" TEXT,
    "billing_date" TIMESTAMP(3),
    "paid_at" TIMESTAMP(3),
    "failed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3),
    "raw" JSONB NOT NULL,
    "sync_version" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "clerk_payment_attempts_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "clerk_webhook_events_received_at_id_idx" ON "clerk_webhook_events"("received_at", "id");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_type_received_at_id_idx" ON "clerk_webhook_events"("type", "received_at", "id");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_status_received_at_id_idx" ON "clerk_webhook_events"("status", "received_at", "id");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_processed_at_idx" ON "clerk_webhook_events"("processed_at");

-- CreateIndex
CREATE INDEX "clerk_webhook_events_payload_pruned_at_received_at_idx" ON "clerk_webhook_events"("payload_pruned_at", "received_at");

-- CreateIndex
CREATE INDEX "clerk_sync_runs_command_started_at_idx" ON "clerk_sync_runs"("command", "started_at");

-- CreateIndex
CREATE INDEX "clerk_users_deleted_at_created_at_id_search_text_idx" ON "clerk_users"("deleted_at", "created_at", "id", "search_text");

-- CreateIndex
CREATE INDEX "clerk_users_primary_email_address_idx" ON "clerk_users"("primary_email_address");

-- CreateIndex
CREATE INDEX "clerk_users_external_id_idx" ON "clerk_users"("external_id");

-- CreateIndex
CREATE INDEX "clerk_users_username_idx" ON "clerk_users"("username");

-- CreateIndex
CREATE INDEX "clerk_organizations_deleted_at_created_at_id_idx" ON "clerk_organizations"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_organizations_slug_idx" ON "clerk_organizations"("slug");

-- CreateIndex
CREATE INDEX "clerk_organizations_created_by_idx" ON "clerk_organizations"("created_by");

-- CreateIndex
CREATE INDEX "clerk_organization_domains_organization_id_idx" ON "clerk_organization_domains"("organization_id");

-- CreateIndex
CREATE INDEX "clerk_organization_domains_name_idx" ON "clerk_organization_domains"("name");

-- CreateIndex
CREATE INDEX "clerk_organization_invitations_organization_id_status_idx" ON "clerk_organization_invitations"("organization_id", "status");

-- CreateIndex
CREATE INDEX "clerk_organization_invitations_email_address_idx" ON "clerk_organization_invitations"("email_address");

-- CreateIndex
CREATE INDEX "clerk_organization_invitations_user_id_idx" ON "clerk_organization_invitations"("user_id");

-- CreateIndex
CREATE INDEX "clerk_organization_invitations_deleted_at_created_at_id_idx" ON "clerk_organization_invitations"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_organization_memberships_organization_id_deleted_at_idx" ON "clerk_organization_memberships"("organization_id", "deleted_at");

-- CreateIndex
CREATE INDEX "clerk_organization_memberships_user_id_deleted_at_idx" ON "clerk_organization_memberships"("user_id", "deleted_at");

-- CreateIndex
CREATE INDEX "clerk_organization_memberships_deleted_at_created_at_id_idx" ON "clerk_organization_memberships"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_roles_key_idx" ON "clerk_roles"("key");

-- CreateIndex
CREATE INDEX "clerk_permissions_key_idx" ON "clerk_permissions"("key");

-- CreateIndex
CREATE INDEX "clerk_sessions_user_id_status_idx" ON "clerk_sessions"("user_id", "status");

-- CreateIndex
CREATE INDEX "clerk_sessions_status_last_active_at_idx" ON "clerk_sessions"("status", "last_active_at");

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
CREATE INDEX "clerk_invitations_email_address_idx" ON "clerk_invitations"("email_address");

-- CreateIndex
CREATE INDEX "clerk_invitations_status_created_at_idx" ON "clerk_invitations"("status", "created_at");

-- CreateIndex
CREATE INDEX "clerk_invitations_deleted_at_created_at_id_idx" ON "clerk_invitations"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_waitlist_entries_status_created_at_idx" ON "clerk_waitlist_entries"("status", "created_at");

-- CreateIndex
CREATE INDEX "clerk_waitlist_entries_email_address_idx" ON "clerk_waitlist_entries"("email_address");

-- CreateIndex
CREATE INDEX "clerk_waitlist_entries_deleted_at_created_at_id_idx" ON "clerk_waitlist_entries"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_subscriptions_user_id_status_idx" ON "clerk_subscriptions"("user_id", "status");

-- CreateIndex
CREATE INDEX "clerk_subscriptions_organization_id_status_idx" ON "clerk_subscriptions"("organization_id", "status");

-- CreateIndex
CREATE INDEX "clerk_subscriptions_payer_id_idx" ON "clerk_subscriptions"("payer_id");

-- CreateIndex
CREATE INDEX "clerk_subscriptions_deleted_at_created_at_id_idx" ON "clerk_subscriptions"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "clerk_subscription_items_user_id_status_idx" ON "clerk_subscription_items"("user_id", "status");

-- CreateIndex
CREATE INDEX "clerk_subscription_items_organization_id_status_idx" ON "clerk_subscription_items"("organization_id", "status");

-- CreateIndex
CREATE INDEX "clerk_subscription_items_plan_id_idx" ON "clerk_subscription_items"("plan_id");

-- CreateIndex
CREATE INDEX "clerk_subscription_items_deleted_at_period_start_id_idx" ON "clerk_subscription_items"("deleted_at", "period_start", "id");

-- CreateIndex
CREATE INDEX "clerk_payment_attempts_user_id_created_at_idx" ON "clerk_payment_attempts"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "clerk_payment_attempts_organization_id_created_at_idx" ON "clerk_payment_attempts"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "clerk_payment_attempts_status_created_at_idx" ON "clerk_payment_attempts"("status", "created_at");

-- CreateIndex
CREATE INDEX "clerk_payment_attempts_deleted_at_created_at_id_idx" ON "clerk_payment_attempts"("deleted_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "test_effects_key_idx" ON "test_effects"("key");

