import fs from "node:fs";
import path from "node:path";
import type { EventGroup } from "../catalog/index.js";
import { describeError } from "../errors/index.js";
import { MODELS_OF_GROUP } from "../prisma/models.js";
import { type Check, fail, ok, skip } from "./check.js";

type Raw = {
  $queryRawUnsafe<T = unknown>(sql: string): Promise<T>;
};
type Counting = { count(args?: object): Promise<number> };

/** The kit's own tables (the ledger fragment), by Prisma delegate. */
const KIT_MODELS = ["clerkWebhookEvent", "clerkSyncRun", "clerkSyncCheckpoint", "clerkSyncSeen"];

export interface DatabaseFindings {
  checks: Check[];
  /** Whether the kit's tables can be queried (the processing checks need them). */
  usable: boolean;
}

/**
 * The database: reachable, migrated (the kit's tables exist and every migration in the app's
 * prisma/migrations is applied), a table for each synced group, and SQLite in WAL mode.
 */
export async function databaseChecks(
  prisma: unknown,
  synced: readonly EventGroup[],
  appRoot: string | undefined,
): Promise<DatabaseFindings> {
  const client = prisma as Raw & Record<string, unknown>;
  const provider = (prisma as { _activeProvider?: unknown })._activeProvider;
  const checks: Check[] = [];
  try {
    await client.$queryRawUnsafe("SELECT 1");
    checks.push(ok("database", "Database reachable", `${String(provider ?? "database")} answers`));
  } catch (error) {
    checks.push(
      fail(
        "database",
        "Database reachable",
        `the app's Prisma client cannot reach its database: ${short(error)}`,
        "Check DATABASE_URL (in .env or the environment) and that the database server is running.",
      ),
    );
    for (const [id, title] of [
      ["migrated", "Database migrated"],
      ["tables", "Tables for synced groups"],
      ["wal", "SQLite journal mode"],
    ] as const) {
      checks.push(skip(id, title, "the database is not reachable"));
    }
    return { checks, usable: false };
  }

  const missingKit = await missingTables(client, KIT_MODELS);
  const pending = appRoot ? await pendingMigrations(client, appRoot) : undefined;
  if (missingKit.length > 0 || (pending && pending.length > 0)) {
    const parts = [
      missingKit.length > 0 ? `no table for ${missingKit.join(", ")}` : "",
      pending && pending.length > 0
        ? `${pending.length} migration(s) not applied (${pending.slice(0, 3).join(", ")}${pending.length > 3 ? ", …" : ""})`
        : "",
    ].filter(Boolean);
    checks.push(
      fail(
        "migrated",
        "Database migrated",
        parts.join("; "),
        missingKit.some((m) => m !== "clerkWebhookEvent") && pending?.length === 0
          ? "The schema lacks the kit's newer models: update the ledger fragment in prisma/schema.prisma (pnpm plop webhook-event), run prisma migrate dev, then prisma generate."
          : "Run the migrations: prisma migrate deploy (prisma migrate dev in development), then restart the app.",
      ),
    );
  } else {
    checks.push(
      ok(
        "migrated",
        "Database migrated",
        pending
          ? "the kit's tables exist and every migration is applied"
          : "the kit's tables exist",
      ),
    );
  }

  const wanted = [...new Set(synced.flatMap((g) => MODELS_OF_GROUP[g] as readonly string[]))];
  const missing = await missingTables(client, wanted);
  checks.push(
    wanted.length === 0
      ? skip("tables", "Tables for synced groups", "the app syncs no group")
      : missing.length === 0
        ? ok(
            "tables",
            "Tables for synced groups",
            `${synced.length} group(s), ${wanted.length} table(s)`,
          )
        : fail(
            "tables",
            "Tables for synced groups",
            `no table for ${missing.join(", ")}, which the sync of ${groupsOf(missing).join(", ")} writes`,
            "Add the groups' models to the schema (pnpm plop webhook-event), run prisma migrate dev and prisma generate.",
          ),
  );

  if (provider === "sqlite") {
    const [row] = await client.$queryRawUnsafe<{ journal_mode?: string }[]>("PRAGMA journal_mode");
    const mode = String(row?.journal_mode ?? "unknown").toLowerCase();
    checks.push(
      mode === "wal"
        ? ok(
            "wal",
            "SQLite journal mode",
            "WAL: the web process and workers do not block each other's reads",
          )
        : fail(
            "wal",
            "SQLite journal mode",
            `${mode}, not WAL: each write blocks every reader and other processes' writes wait`,
            'Switch the file to WAL once (it stays set): run "clerk-sync worker" once, or sqlite3 <file> "PRAGMA journal_mode=WAL".',
          ),
    );
  } else {
    checks.push(
      skip("wal", "SQLite journal mode", `not SQLite (${String(provider ?? "unknown")})`),
    );
  }
  return { checks, usable: !missingKit.includes("clerkWebhookEvent") };
}

/** Models whose delegate is missing from the client, or whose table does not exist. */
async function missingTables(client: Record<string, unknown>, models: readonly string[]) {
  const missing: string[] = [];
  for (const model of models) {
    const delegate = client[model] as Counting | undefined;
    if (!delegate || typeof delegate.count !== "function") {
      missing.push(model);
      continue;
    }
    try {
      await delegate.count();
    } catch (error) {
      if (isMissingTable(error)) missing.push(model);
      else throw error;
    }
  }
  return missing;
}

/** Prisma's "table does not exist" (P2021), or the driver's own words for it. */
function isMissingTable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "P2021" || /no such table|does not exist/i.test(describeError(error));
}

/**
 * The migrations in the app's prisma/migrations folder that the database has not applied, or
 * undefined when there is no such folder to compare with.
 */
async function pendingMigrations(client: Raw, appRoot: string): Promise<string[] | undefined> {
  const dir = path.join(appRoot, "prisma", "migrations");
  if (!fs.existsSync(dir)) return undefined;
  const local = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
  let applied: Set<string>;
  try {
    const rows = await client.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch {
    applied = new Set();
  }
  return local.filter((name) => !applied.has(name));
}

function groupsOf(models: readonly string[]): string[] {
  return Object.entries(MODELS_OF_GROUP)
    .filter(([, list]) => (list as readonly string[]).some((m) => models.includes(m)))
    .map(([group]) => group);
}

function short(error: unknown): string {
  return describeError(error).split("\n")[0]?.slice(0, 300) ?? "";
}
