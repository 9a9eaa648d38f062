import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import type { TestProject } from "vitest/node";

const appDir = fileURLToPath(new URL("..", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

/**
 * The tests get a database of their own, rebuilt from prisma/schema.prisma on every run (your
 * development data is never touched): prisma/test.db for SQLite, and for PostgreSQL the
 * database of DATABASE_URL with "_test" appended. BullMQ jobs go to Redis database 15.
 * TEST_DATABASE_URL and TEST_REDIS_URL override both.
 */
export default function setup(project: TestProject): void {
  const env = { ...envFile(), ...process.env };
  const databaseUrl =
    env.TEST_DATABASE_URL ?? testDatabaseUrl(env.DATABASE_URL ?? "file:./prisma/dev.db");
  const prisma = path.join(appDir, "node_modules", ".bin", "prisma");
  try {
    execFileSync(prisma, ["db", "push", "--force-reset", "--url", databaseUrl], {
      cwd: appDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: "pipe",
      shell: process.platform === "win32",
    });
  } catch (error) {
    const output = (error as { stdout?: Buffer; stderr?: Buffer }).stdout?.toString() ?? "";
    const errors = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`Could not create the test database:\n${output}${errors}`);
  }
  project.provide("databaseUrl", databaseUrl);
  project.provide(
    "redisUrl",
    env.TEST_REDIS_URL ?? testRedisUrl(env.REDIS_URL ?? "redis://localhost:6379"),
  );
}

/**
 * Variables from .env.local and .env, .env.local winning, as Next.js reads them for the app
 * (the tests read them here).
 */
function envFile(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [".env", ".env.local"]) {
    const file = path.join(appDir, name);
    if (fs.existsSync(file)) Object.assign(env, parseEnv(fs.readFileSync(file, "utf8")));
  }
  return env;
}

function testDatabaseUrl(url: string): string {
  if (url.startsWith("file:")) return `file:${path.join(appDir, "prisma", "test.db")}`;
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/_test$/, "")}_test`;
  return parsed.toString();
}

function testRedisUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = "/15";
  return parsed.toString();
}
