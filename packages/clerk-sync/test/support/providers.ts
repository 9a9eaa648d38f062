import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgClient } from "../generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: Provider[] = ["sqlite", "postgresql"];

export const TEST_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/**
 * Names every database and file a test run creates, so that concurrent runs (several checkouts,
 * several terminals) never share one. Default "clerk_sync".
 */
export const RUN_PREFIX = (process.env.CLERK_SYNC_TEST_PREFIX ?? "clerk_sync").replace(/\W/g, "_");
export const TMP_DIR = path.join(TEST_ROOT, ".tmp", RUN_PREFIX);
export const TEMPLATE_DB = `${RUN_PREFIX}_template`;

/** Both generated clients have the same models; tests use the SQLite one's types for both. */
export type TestPrisma = SqliteClient;

export function createPrisma(
  provider: Provider,
  url: string,
  /** SQLite only: how the adapter stores times (default ISO 8601 text). */
  options: { timestampFormat?: "iso8601" | "unixepoch-ms" } = {},
): TestPrisma {
  if (provider === "sqlite") {
    return new SqliteClient({
      adapter: new PrismaBetterSqlite3({ url, timeout: 30_000 }, options),
    });
  }
  return new PgClient({
    adapter: new PrismaPg({ connectionString: url, max: 20 }),
  }) as unknown as TestPrisma;
}
