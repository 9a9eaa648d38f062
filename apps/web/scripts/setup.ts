// Prepares the app to run: fills in missing settings in .env.local (a local webhook signing
// secret and the demo's placeholder Clerk keys), generates the Prisma client, creates or migrates
// the SQLite database. Safe to run any number of times.
//
//   tsx scripts/setup.ts            # the demo's setup (`pnpm --filter web demo:setup`)
//   tsx scripts/setup.ts --fresh    # delete the database first (end-to-end tests)
//   tsx scripts/setup.ts --no-env-file   # take settings from the environment only
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import Database from "better-sqlite3";
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from "../src/demo/keys";
import { APP_DIR, prisma } from "./prisma";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.db";

/**
 * A Svix signing secret for this app alone (`whsec_` + base64 key), like the one the Clerk
 * Dashboard shows for an endpoint. Made here rather than with the kit's testing helpers: setup
 * runs before the kit is built on a fresh clone.
 */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}
const LOCAL_ENV = path.join(APP_DIR, ".env.local");

/** The files `next start` reads, most important first; the process environment beats them all. */
const ENV_FILES = [".env.production.local", ".env.local", ".env.production", ".env"];

/** The settings the app runs with, resolved the way Next.js resolves them in production. */
export function resolvedEnv(): NodeJS.ProcessEnv {
  const merged: Record<string, string | undefined> = {};
  for (const file of [...ENV_FILES].reverse()) {
    const full = path.join(APP_DIR, file);
    if (fs.existsSync(full)) Object.assign(merged, parseEnv(fs.readFileSync(full, "utf8")));
  }
  return { ...merged, ...process.env };
}

/**
 * Add what the offline demo needs and is missing, to .env.local only, never overwriting a value
 * set anywhere (real keys in .env, or in the environment, win).
 */
export function ensureLocalEnv(): string[] {
  const env = resolvedEnv();
  const wanted: [string, () => string][] = [
    ["CLERK_WEBHOOK_SIGNING_SECRET", newSigningSecret],
    ["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", () => DEMO_PUBLISHABLE_KEY],
    ["CLERK_SECRET_KEY", () => DEMO_SECRET_KEY],
    ["DATABASE_URL", () => DEFAULT_DATABASE_URL],
  ];
  const missing = wanted.filter(([key]) => !env[key]?.trim());
  if (missing.length === 0) return [];
  const exists = fs.existsSync(LOCAL_ENV);
  const current = exists ? fs.readFileSync(LOCAL_ENV, "utf8") : "";
  const header = exists
    ? ""
    : "# Local settings (not committed). Written by `pnpm --filter web demo:setup` for the offline demo:\n" +
      "# replace the Clerk keys with your instance's (Clerk Dashboard → API keys) and the signing\n" +
      "# secret with your webhook endpoint's to sync a real instance.\n";
  const lines = missing.map(([key, value]) => `${key}=${value()}`);
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  fs.writeFileSync(LOCAL_ENV, `${header}${current}${separator}${lines.join("\n")}\n`);
  return missing.map(([key]) => key);
}

/** The SQLite file a `file:` URL points at, relative to the app directory. */
export function databaseFile(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must be a SQLite file: URL for this app, got "${url.split(":")[0]}:…"`,
    );
  }
  const file = url.slice("file:".length).split("?")[0] ?? "";
  return path.resolve(APP_DIR, file);
}

export interface SetupOptions {
  /** Start from an empty database. */
  fresh?: boolean;
  /** Write missing settings to .env.local (default true). */
  envFile?: boolean;
  /** Settings that win over the environment and the env files. */
  env?: NodeJS.ProcessEnv;
  /** Generate the Prisma client (default true; a fresh build has done it already). */
  generate?: boolean;
  quiet?: boolean;
}

/** Settings, Prisma client, database: everything `next start` needs. */
export function setup(options: SetupOptions = {}): NodeJS.ProcessEnv {
  const log = options.quiet ? () => {} : (line: string) => console.log(line);
  if (options.envFile !== false) {
    const added = ensureLocalEnv();
    if (added.length > 0) log(`setup: added ${added.join(", ")} to apps/web/.env.local`);
  }
  const env = { ...resolvedEnv(), ...options.env };
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  const file = databaseFile(url);
  if (options.fresh) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) {
      fs.rmSync(file + suffix, { force: true });
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const childEnv = { ...env, DATABASE_URL: url };
  const quiet = { quiet: options.quiet ?? false };
  if (options.generate !== false && prisma(["generate"], childEnv, quiet) !== 0) {
    throw new Error("prisma generate failed");
  }
  if (prisma(["migrate", "deploy"], childEnv, quiet) !== 0) {
    throw new Error("prisma migrate deploy failed");
  }
  // Readers (the dashboard) then never wait for the writer (the webhook), and the setting stays
  // with the file.
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.close();
  log(`setup: database ready at ${path.relative(process.cwd(), file) || file}`);
  return childEnv;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  try {
    setup({ fresh: args.has("--fresh"), envFile: !args.has("--no-env-file") });
  } catch (error) {
    console.error(`setup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
