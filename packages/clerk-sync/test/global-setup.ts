import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { PROVIDERS, type Provider, TEMPLATE_DB, TEST_ROOT, TMP_DIR } from "./support/providers.js";
import {
  PG_URL,
  pgDatabaseUrl,
  REDIS_URL,
  reachable,
  servicesRequired,
} from "./support/services.js";

declare module "vitest" {
  export interface ProvidedContext {
    providers: Provider[];
    redis: boolean;
  }
}

/**
 * Migrate one template database per provider with the committed migrations (`prisma migrate
 * deploy`, as an app would); each test worker then clones its own copy.
 */
export default async function setup(project: TestProject) {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const providers: Provider[] = [];
  const notRun: string[] = [];
  for (const provider of PROVIDERS) {
    if (provider === "postgresql" && !(await reachable(PG_URL, 5432))) {
      notRun.push(unavailable(`PostgreSQL at ${PG_URL}`, NOT_RUN.postgresql));
      continue;
    }
    await migrateTemplate(provider);
    providers.push(provider);
  }
  const redis = await reachable(REDIS_URL, 6379);
  if (!redis) notRun.push(unavailable(`Redis at ${REDIS_URL}`, NOT_RUN.redis));
  project.provide("providers", providers);
  project.provide("redis", redis);
  // After the run, so that it is the last thing a local run prints: what it did not cover.
  return () => {
    if (notRun.length > 0) console.warn(notRunReport(notRun));
  };
}

/** What a run without each service leaves out. */
const NOT_RUN = {
  postgresql:
    "the postgresql variant of every suite run per provider (ingest, processing, sync, the queue contract, backfill, the property tests…)",
  redis: "the BullMQ suites (the bullmq queue contract, clerk-sync worker, doctor's worker check)",
};

/** In CI a missing service fails the run; elsewhere its tests are left out, and said so. */
function unavailable(what: string, leftOut: string): string {
  if (servicesRequired()) throw new Error(`${what} is not reachable, and CI requires it.`);
  console.warn(`\n⚠ ${what} is not reachable: its tests are skipped. Start it to run them.\n`);
  return `${what} was not reachable: ${leftOut} did not run`;
}

function notRunReport(notRun: string[]): string {
  return [
    "",
    "⚠ This run is incomplete (CI=1 would have failed it):",
    ...notRun.map((line) => `  - ${line}`),
    "  Start the service(s) and run again to cover them.",
    "",
  ].join("\n");
}

async function migrateTemplate(provider: Provider): Promise<void> {
  let url: string;
  if (provider === "sqlite") {
    const file = path.join(TMP_DIR, "template.db");
    fs.rmSync(file, { force: true });
    url = `file:${file}`;
  } else {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [TEMPLATE_DB],
    );
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    url = pgDatabaseUrl(TEMPLATE_DB);
  }
  const config = path.join(TEST_ROOT, "prisma", provider, "prisma.config.ts");
  execFileSync("prisma", ["migrate", "deploy", "--config", config], {
    cwd: path.dirname(TEST_ROOT),
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
