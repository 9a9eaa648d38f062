import type { ClerkSync } from "../client.js";
import { instanceIdFromEnv } from "../env.js";
import { describeError } from "../errors/index.js";
import { type Check, fail, skip } from "./check.js";
import { databaseChecks } from "./database.js";
import { instancesCheck } from "./instances.js";
import { processingChecks } from "./processing.js";
import { routeChecks } from "./route.js";
import { eventsToSubscribe, handlersCheck, keysCheck, secretCheck, syncedGroups } from "./setup.js";

export type { Check } from "./check.js";

export interface DoctorOptions {
  /** The webhook endpoint of the running app. */
  url: string;
  /** The app's environment (its .env files read in). */
  env: Record<string, string | undefined>;
  /** The app's configured kit, or why it could not be loaded. */
  config:
    | { clerkSync: ClerkSync; file: string; appRoot: string }
    | { error: unknown; suggestion?: string };
}

export interface DoctorReport {
  checks: Check[];
  /** Every event of the synced groups: what to subscribe the endpoint to in the Clerk Dashboard. */
  subscribe: string[];
  ok: boolean;
}

/**
 * Every row of the webhook troubleshooting table, checked against the running app and its
 * database: verification (secret, signed probe), 404 (the route), 401/307 (the middleware),
 * no data (backlog, failures, Redis, workers; database reachable and migrated, tables, WAL),
 * only `*.created` handled (handlers), plus clock skew and Clerk keys that belong together.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { env, config } = options;
  const checks: Check[] = [secretCheck(env), keysCheck(env)];
  checks.push(...(await routeChecks(options.url, env.CLERK_WEBHOOK_SIGNING_SECRET?.trim())));
  if ("error" in config) {
    checks.push(
      fail(
        "config",
        "Configuration",
        `the module exporting clerkSync could not be loaded: ${describeError(config.error)}`,
        config.suggestion ?? "Pass it with --config src/lib/clerk-sync.ts.",
      ),
    );
    for (const [id, title] of [
      ["database", "Database reachable"],
      ["migrated", "Database migrated"],
      ["tables", "Tables for synced groups"],
      ["wal", "SQLite journal mode"],
      ["backlog", "Backlog"],
      ["failures", "Failed and dead deliveries"],
      ["redis", "Redis"],
      ["workers", "Queue workers"],
      ["instances", "One Clerk instance"],
      ["handlers", "Handlers"],
    ] as const) {
      checks.push(skip(id, title, "no configuration"));
    }
    return finish(checks, []);
  }
  const { clerkSync } = config;
  const database = await databaseChecks(clerkSync.prisma, syncedGroups(clerkSync), config.appRoot);
  checks.push(...database.checks);
  if (database.usable) {
    try {
      checks.push(...(await processingChecks(clerkSync, env)));
      checks.push(await instancesCheck(clerkSync.prisma, instanceIdFromEnv(env)));
    } catch (error) {
      checks.push(
        fail(
          "backlog",
          "Backlog",
          `the ledger could not be read: ${describeError(error)}`,
          "Check the database.",
        ),
      );
    }
  } else {
    for (const [id, title] of [
      ["backlog", "Backlog"],
      ["failures", "Failed and dead deliveries"],
      ["redis", "Redis"],
      ["workers", "Queue workers"],
      ["instances", "One Clerk instance"],
    ] as const) {
      checks.push(skip(id, title, "the ledger table cannot be read"));
    }
  }
  checks.push(handlersCheck(clerkSync));
  return finish(checks, eventsToSubscribe(clerkSync));
}

function finish(checks: Check[], subscribe: string[]): DoctorReport {
  return { checks, subscribe, ok: checks.every((c) => c.status !== "fail") };
}
