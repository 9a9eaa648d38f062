-- CreateTable
CREATE TABLE "clerk_sync_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "command" TEXT NOT NULL,
    "groups" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "fix" BOOLEAN NOT NULL DEFAULT false,
    "result" JSONB,
    "drift" INTEGER,
    "last_error" TEXT,
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME,
    "updated_at" DATETIME NOT NULL
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
    "updated_at" DATETIME NOT NULL,

    PRIMARY KEY ("run_id", "event_group")
);

-- CreateTable
CREATE TABLE "clerk_sync_seen" (
    "run_id" TEXT NOT NULL,
    "event_group" TEXT NOT NULL,
    "id" TEXT NOT NULL,

    PRIMARY KEY ("run_id", "event_group", "id")
);

-- CreateIndex
CREATE INDEX "clerk_sync_runs_command_started_at_idx" ON "clerk_sync_runs"("command", "started_at");
