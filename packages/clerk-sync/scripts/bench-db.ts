// A freshly migrated database for a benchmark, on either provider (shared by the bench scripts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type Provider, RUN_PREFIX, TMP_DIR } from "../test/support/providers.js";
import { PG_URL, pgDatabaseUrl } from "../test/support/services.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A freshly migrated database for the provider. */
export async function freshDatabase(provider: Provider, name: string): Promise<string> {
  let url: string;
  if (provider === "sqlite") {
    fs.mkdirSync(TMP_DIR, { recursive: true });
    const file = path.join(TMP_DIR, `bench_${name}.db`);
    for (const ext of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + ext, { force: true });
    url = `file:${file}`;
  } else {
    const database = `${RUN_PREFIX}_bench_${name}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    url = pgDatabaseUrl(database);
  }
  try {
    execFileSync(
      "prisma",
      ["migrate", "deploy", "--config", `test/prisma/${provider}/prisma.config.ts`],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`prisma migrate deploy failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  return url;
}
