import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { fixture, signPayload } from "@acme/clerk-sync/testing";
import { type LocalRegistry, startRegistry } from "@acme/local-registry";
import { cleanEnv, runCommand, type Service, startService, waitFor } from "./commands.js";

export const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));

export interface Variant {
  database: "sqlite" | "postgresql";
  queue: "inline" | "bullmq";
  groups: "default" | "all";
}

/** {SQLite, PostgreSQL} × {inline, BullMQ} × {default groups, all groups}. */
export const MATRIX: readonly Variant[] = (["sqlite", "postgresql"] as const).flatMap((database) =>
  (["inline", "bullmq"] as const).flatMap((queue) =>
    (["default", "all"] as const).map((groups) => ({ database, queue, groups })),
  ),
);

/** The two corners CI runs: the defaults, and everything switched the other way. */
export const CORNERS: readonly Variant[] = [
  { database: "sqlite", queue: "inline", groups: "default" },
  { database: "postgresql", queue: "bullmq", groups: "all" },
];

export function variantName(variant: Variant): string {
  return `${variant.database}-${variant.queue}-${variant.groups}`;
}

const PG_SERVER = process.env.DATABASE_URL_PG ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_SERVER = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** The flags `pnpm create` gets for a variant: its own database and Redis database. */
export function variantFlags(variant: Variant): string[] {
  const flags = ["--yes", "--no-git", "--queue", variant.queue];
  if (variant.groups === "all") flags.push("--groups", "all");
  if (variant.database === "postgresql") {
    const url = new URL(PG_SERVER);
    url.pathname = `/create_${variant.database}_${variant.queue}_${variant.groups}`;
    flags.push("--database", "postgresql", "--database-url", url.toString());
  }
  if (variant.queue === "bullmq") {
    // Database 14: out of the way of the default one (0) and the app's tests (15).
    const url = new URL(REDIS_SERVER);
    url.pathname = "/14";
    flags.push("--redis-url", url.toString());
  }
  return flags;
}

/**
 * Build this package (dist and kit) and pack it as it would be published.
 *
 * @example const tarball = await packCreatePackage(tmp) // …/acme-create-clerk-sync-0.1.0.tgz
 */
export async function packCreatePackage(outDir: string, log?: string): Promise<string> {
  const bin = (name: string) => path.join(PACKAGE_DIR, "node_modules", ".bin", name);
  for (const [command, args] of [
    [bin("tsc"), ["-p", "tsconfig.build.json"]],
    [bin("tsx"), ["scripts/assemble-kit.ts"]],
    ["pnpm", ["pack", "--pack-destination", outDir]],
  ] as const) {
    const result = await runCommand(command, args, { cwd: PACKAGE_DIR, log, timeoutMs: 120_000 });
    if (result.code !== 0)
      throw new Error(`${command} ${args.join(" ")} failed:\n${result.output}`);
  }
  const tarball = fs.readdirSync(outDir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball into ${outDir}`);
  return path.join(outDir, tarball);
}

/** A packed create package served from a registry on localhost, for `pnpm create` to find. */
export interface PublishedCreate {
  registry: LocalRegistry;
  /** pnpm's cache for this run only: `pnpm create` must fetch this build, not a cached one. */
  cacheHome: string;
  workDir: string;
  close(): Promise<void>;
}

export async function publishCreatePackage(log?: string): Promise<PublishedCreate> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "create-clerk-sync-e2e-"));
  const packDir = path.join(workDir, "pack");
  fs.mkdirSync(packDir);
  const registry = await startRegistry([await packCreatePackage(packDir, log)]);
  const cacheHome = path.join(workDir, "cache");
  return {
    registry,
    cacheHome,
    workDir,
    async close() {
      await registry.close();
    },
  };
}

/** `pnpm create @acme/clerk-sync <args>` in `cwd`, resolved through the local registry. */
export function pnpmCreate(
  published: PublishedCreate,
  cwd: string,
  args: readonly string[],
  options: { log?: string; env?: NodeJS.ProcessEnv } = {},
) {
  return runCommand(
    "pnpm",
    ["create", "@acme/clerk-sync", ...args, `--config.@acme:registry=${published.registry.url}`],
    {
      cwd,
      env: cleanEnv({ XDG_CACHE_HOME: published.cacheHome, ...options.env }),
      log: options.log,
      timeoutMs: 10 * 60_000,
    },
  );
}

/** What `verifyScaffold` found, stage by stage. */
export interface VerifyReport {
  buildMs: number;
  testMs: number;
  testsPassed: number;
  migrateMs: number;
  /** From POST to the row in the database. */
  deliveredMs: number;
  status: number;
}

/**
 * What a user does with the new repo, checked: it lints clean, builds, passes its own tests, migrates, runs
 * (`next start`, plus `pnpm worker` for BullMQ), and a signed user.created POSTed to it lands in
 * its database. Databases of the variant are dropped first, so every run starts clean.
 */
export async function verifyScaffold(
  root: string,
  variant: Variant,
  port: number,
  log: string,
  stage: (name: string) => void = () => {},
): Promise<VerifyReport> {
  const appDir = path.join(root, "apps", "web");
  const env = cleanEnv({ CI: "1", NEXT_TELEMETRY_DISABLED: "1" });
  const pnpm = async (args: string[], timeoutMs = 10 * 60_000) => {
    const result = await runCommand("pnpm", args, { cwd: root, env, log, timeoutMs });
    if (result.code !== 0) {
      throw new Error(`pnpm ${args.join(" ")} exited with ${result.code}; see ${log}`);
    }
    return result;
  };
  const appEnv = parseEnv(fs.readFileSync(path.join(appDir, ".env"), "utf8"));
  const database = new AppDatabase(appDir, variant, appEnv.DATABASE_URL ?? "");
  await database.reset();

  stage("lint");
  await pnpm(["lint"]);
  stage("build");
  const build = await pnpm(["build"]);
  stage("test");
  const test = await pnpm(["test"]);
  const testsPassed = Number(
    /Tests\s+(?:\S+\s+)?(\d+) passed/.exec(stripAnsi(test.output))?.[1] ?? 0,
  );
  stage("migrate");
  const migrate = await pnpm(["db:migrate", "--name", "init"], 180_000);

  stage("start");
  const services: Service[] = [];
  try {
    services.push(startService("pnpm", ["start", "--port", String(port)], { cwd: root, env, log }));
    let worker: Service | undefined;
    if (variant.queue === "bullmq") {
      worker = startService("pnpm", ["worker"], { cwd: root, env, log });
      services.push(worker);
    }
    const url = `http://127.0.0.1:${port}/api/webhooks`;
    await waitFor(
      `${url} to answer`,
      async () => ((await fetch(url, { method: "GET" })).status > 0 ? true : undefined),
      90_000,
    );

    if (worker) {
      const ready = worker;
      await waitFor(
        "the worker to consume",
        async () => (/consuming/.test(ready.output()) ? true : undefined),
        90_000,
      );
    }

    stage("deliver");
    const event = fixture("user.created");
    const secret = appEnv.CLERK_WEBHOOK_SIGNING_SECRET ?? "";
    const { headers, body } = signPayload(event, { secret });
    const posted = performance.now();
    const response = await fetch(url, { method: "POST", headers, body });
    if (response.status !== 200) {
      throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
    }
    await waitFor(
      `${event.data.id} in the database`,
      () => database.userEmail(event.data.id),
      60_000,
    );
    return {
      buildMs: build.ms,
      testMs: test.ms,
      testsPassed,
      migrateMs: migrate.ms,
      deliveredMs: performance.now() - posted,
      status: response.status,
    };
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await database.close();
  }
}

/**
 * `pnpm plop webhook-event` in the new repo, without prompts: adds the session group (or, where
 * it is synced already, changes nothing). Returns the plop output.
 */
export async function addGroupWithPlop(root: string, log: string): Promise<string> {
  const result = await runCommand(
    "pnpm",
    [
      "plop",
      "webhook-event",
      "--",
      "--appDir=apps/web",
      "--groups=session",
      "--provider=auto",
      "--queue=auto",
      "--dryRun=n",
    ],
    { cwd: root, env: cleanEnv({ CI: "1" }), log, timeoutMs: 180_000 },
  );
  if (result.code !== 0)
    throw new Error(`pnpm plop webhook-event exited with ${result.code}; see ${log}`);
  return result.output;
}

/**
 * The variant's database, read with the drivers the scaffolded app installed (better-sqlite3 or
 * pg), so the check sees what the app wrote and nothing else.
 */
class AppDatabase {
  private readonly require: NodeRequire;
  private pg:
    | { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>; end(): Promise<void> }
    | undefined;

  constructor(
    private readonly appDir: string,
    private readonly variant: Variant,
    private readonly url: string,
  ) {
    this.require = createRequire(path.join(appDir, "package.json"));
  }

  /** Drop the variant's databases (dev and test) left by an earlier run. */
  async reset(): Promise<void> {
    if (this.variant.database === "sqlite") {
      for (const name of fs.readdirSync(path.join(this.appDir, "prisma"))) {
        if (/\.db(-journal|-wal|-shm)?$/.test(name))
          fs.rmSync(path.join(this.appDir, "prisma", name));
      }
      return;
    }
    const admin = await this.connect(PG_SERVER);
    try {
      const name = new URL(this.url).pathname.slice(1);
      for (const database of [name, `${name}_test`]) {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }

  async userEmail(id: string): Promise<string | undefined> {
    if (this.variant.database === "sqlite") {
      const Database = this.require("better-sqlite3") as new (
        file: string,
        options: { readonly: boolean; fileMustExist: boolean },
      ) => { prepare(sql: string): { get(...params: unknown[]): unknown }; close(): void };
      const db = new Database(path.join(this.appDir, "prisma", "dev.db"), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        const row = db
          .prepare("SELECT primary_email_address AS email FROM clerk_users WHERE id = ?")
          .get(id) as { email: string } | undefined;
        return row?.email;
      } finally {
        db.close();
      }
    }
    this.pg ??= await this.connect(this.url);
    const { rows } = await this.pg.query(
      "SELECT primary_email_address AS email FROM clerk_users WHERE id = $1",
      [id],
    );
    return (rows[0] as { email: string } | undefined)?.email;
  }

  async close(): Promise<void> {
    await this.pg?.end();
  }

  private async connect(url: string) {
    const { Client } = this.require("pg") as {
      Client: new (options: {
        connectionString: string;
      }) => NonNullable<AppDatabase["pg"]> & {
        connect(): Promise<void>;
      };
    };
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  }
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
