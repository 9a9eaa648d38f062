import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import {
  createPrisma,
  type Provider,
  RUN_PREFIX,
  TEMPLATE_DB,
  type TestPrisma,
  TMP_DIR,
} from "./providers.js";
import { PG_URL, pgDatabaseUrl } from "./services.js";

export interface TestDatabase {
  provider: Provider;
  url: string;
  prisma: TestPrisma;
  /** Empty every table. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

function workerId(): string {
  return process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";
}

/** This worker's own copy of the migrated template database. */
export async function openTestDatabase(provider: Provider, name = "main"): Promise<TestDatabase> {
  const suffix = `${workerId()}_${name}`;
  let url: string;
  if (provider === "sqlite") {
    const file = path.join(TMP_DIR, `worker_${suffix}.db`);
    for (const ext of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + ext, { force: true });
    fs.copyFileSync(path.join(TMP_DIR, "template.db"), file);
    url = `file:${file}`;
  } else {
    const database = `${RUN_PREFIX}_test_${suffix}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DB}`);
    await admin.end();
    url = pgDatabaseUrl(database);
  }
  const prisma = createPrisma(provider, url);
  const tables = await listTables(prisma, provider);
  return {
    provider,
    url,
    prisma,
    async reset() {
      if (provider === "sqlite") {
        for (const table of tables) await prisma.$executeRawUnsafe(`DELETE FROM "${table}"`);
      } else {
        await prisma.$executeRawUnsafe(
          `TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY`,
        );
      }
    },
    close: () => prisma.$disconnect(),
  };
}

async function listTables(prisma: TestPrisma, provider: Provider): Promise<string[]> {
  const rows =
    provider === "sqlite"
      ? await prisma.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
        )
      : await prisma.$queryRawUnsafe<{ name: string }[]>(
          `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
        );
  return rows.map((r) => r.name);
}
