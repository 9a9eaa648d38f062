import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgClient } from "../generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: Provider[] = ["sqlite", "postgresql"];

export const TEST_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const TMP_DIR = path.join(TEST_ROOT, ".tmp");

/** Both generated clients have the same models; tests use the SQLite one's types for both. */
export type TestPrisma = SqliteClient;

export function createPrisma(provider: Provider, url: string): TestPrisma {
  if (provider === "sqlite") {
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 30_000 }) });
  }
  return new PgClient({
    adapter: new PrismaPg({ connectionString: url, max: 20 }),
  }) as unknown as TestPrisma;
}
