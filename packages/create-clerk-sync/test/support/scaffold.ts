import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { fixture, signPayload } from "@acme/clerk-sync/testing";
import { type LocalRegistry, startRegistry } from "@acme/local-registry";
import { type Browser, chromium, type Page } from "@playwright/test";
import { parse as parseYaml } from "yaml";
import { cleanEnv, freePort, runCommand, type Service, startService, waitFor } from "./commands.js";

export const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** The built CLI (test/support/build.ts builds it once per test run). */
export const CLI = path.join(PACKAGE_DIR, "dist", "cli.js");

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

/**
 * What names this run's shared state: PostgreSQL databases and the Redis database of the
 * variants, so that runs in other worktrees (or another engineer's) never share one.
 */
const RUN_PREFIX = (process.env.CLERK_SYNC_TEST_PREFIX ?? "local")
  .toLowerCase()
  .replace(/\W/g, "_");

/** The variant's PostgreSQL database (its tests get the same name with `_test`). */
export function variantDatabaseUrl(variant: Variant): string | undefined {
  if (variant.database !== "postgresql") return undefined;
  const url = new URL(PG_SERVER);
  url.pathname = `/create_${RUN_PREFIX}_${variant.queue}_${variant.groups}`;
  return url.toString();
}

/**
 * The variant's Redis database, for the app and its tests alike (they run one after the other):
 * one of 1–14 chosen by the run prefix (0 is everyone's default, 15 the app's test default).
 */
export function variantRedisUrl(variant: Variant): string | undefined {
  if (variant.queue !== "bullmq") return undefined;
  const url = new URL(REDIS_SERVER);
  let hash = 0;
  for (const char of RUN_PREFIX) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  url.pathname = `/${1 + (hash % 14)}`;
  return url.toString();
}

/** The flags `pnpm create` gets for a variant: its own database and Redis database. */
export function variantFlags(variant: Variant): string[] {
  const flags = ["--yes", "--no-git", "--queue", variant.queue];
  if (variant.groups === "all") flags.push("--groups", "all");
  const databaseUrl = variantDatabaseUrl(variant);
  if (databaseUrl) flags.push("--database", "postgresql", "--database-url", databaseUrl);
  const redisUrl = variantRedisUrl(variant);
  if (redisUrl) flags.push("--redis-url", redisUrl);
  return flags;
}

/** Build this package: dist (tsc) and kit (assembled from this repo), as its build script does. */
export async function buildCreatePackage(log?: string): Promise<void> {
  const bin = (name: string) => path.join(PACKAGE_DIR, "node_modules", ".bin", name);
  for (const [command, args] of [
    [bin("tsc"), ["-p", "tsconfig.build.json"]],
    [bin("tsx"), ["scripts/assemble-kit.ts"]],
  ] as const) {
    const result = await runCommand(command, args, { cwd: PACKAGE_DIR, log, timeoutMs: 120_000 });
    if (result.code !== 0)
      throw new Error(`${command} ${args.join(" ")} failed:\n${result.output}`);
  }
}

/**
 * Pack this package as it would be published (building it first unless `build` is false: the
 * tests build once, before any of them runs the CLI).
 *
 * @example const tarball = await packCreatePackage(tmp) // …/acme-create-clerk-sync-0.1.0.tgz
 */
export async function packCreatePackage(
  outDir: string,
  log?: string,
  build = true,
): Promise<string> {
  if (build) await buildCreatePackage(log);
  const result = await runCommand("pnpm", ["pack", "--pack-destination", outDir], {
    cwd: PACKAGE_DIR,
    log,
    timeoutMs: 120_000,
  });
  if (result.code !== 0) throw new Error(`pnpm pack failed:\n${result.output}`);
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

export async function publishCreatePackage(log?: string, build = true): Promise<PublishedCreate> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "create-clerk-sync-e2e-"));
  const packDir = path.join(workDir, "pack");
  fs.mkdirSync(packDir);
  const registry = await startRegistry([await packCreatePackage(packDir, log, build)]);
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
  /** The CI workflow's `run` steps, as run here, in order. */
  workflowSteps: string[];
  buildMs: number;
  testMs: number;
  testsPassed: number;
  migrateMs: number;
  /** The home page in Chromium, with the placeholder keys: its status and text. */
  home: { status: number; text: string };
  /** An unsigned POST to the webhook route. */
  unsignedStatus: number;
  /** From POST to the row in the database. */
  deliveredMs: number;
  status: number;
  /** The home page's ledger after the delivery. */
  homeAfterDelivery: string;
}

/**
 * What a user does with the new repo, checked: its CI workflow's steps (read from
 * .github/workflows/ci.yml and run here as GitHub would: install, lint, typecheck, build, test),
 * then it migrates, runs (`next start` on a free port, plus `pnpm worker` for BullMQ), its home
 * page answers in Chromium with the placeholder keys, an unsigned POST is refused and a signed
 * user.created lands in its database. Databases of the variant are dropped first, so every run
 * starts clean.
 */
export async function verifyScaffold(
  root: string,
  variant: Variant,
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
  const appEnv = appEnvFiles(appDir);
  const database = new AppDatabase(appDir, variant, appEnv.DATABASE_URL ?? "");
  await database.reset();

  // The workflow's environment, with this machine's services in place of its containers.
  const workflow = readWorkflow(root);
  const localServices = {
    DATABASE_URL: variantDatabaseUrl(variant),
    REDIS_URL: variantRedisUrl(variant),
    TEST_REDIS_URL: variantRedisUrl(variant),
  };
  const ciEnv = cleanEnv({ ...workflow.env, CI: "true", ...definedOnly(localServices) });
  const ms: Record<string, number> = {};
  let testOutput = "";
  for (const step of workflow.run) {
    stage(step);
    const result = await runCommand("sh", ["-c", step], {
      cwd: root,
      env: ciEnv,
      log,
      timeoutMs: 10 * 60_000,
    });
    if (result.code !== 0) {
      throw new Error(`The workflow's step "${step}" exited with ${result.code}; see ${log}`);
    }
    ms[step] = result.ms;
    if (step === "pnpm test") testOutput = result.output;
  }
  const testsPassed = Number(
    /Tests\s+(?:\S+\s+)?(\d+) passed/.exec(stripAnsi(testOutput))?.[1] ?? 0,
  );
  stage("migrate");
  const migrate = await pnpm(["db:migrate", "--name", "init"], 180_000);

  stage("start");
  const port = await freePort();
  const running: Service[] = [];
  const browser = await launchChromium();
  try {
    running.push(startService("pnpm", ["start", "--port", String(port)], { cwd: root, env, log }));
    let worker: Service | undefined;
    if (variant.queue === "bullmq") {
      worker = startService("pnpm", ["worker"], { cwd: root, env, log });
      running.push(worker);
    }
    const base = `http://127.0.0.1:${port}`;
    const url = `${base}/api/webhooks`;
    await waitFor(
      `${url} to answer`,
      async () => ((await fetch(url, { method: "GET" })).status > 0 ? true : undefined),
      90_000,
    );

    stage("home page");
    const page = await browser.newPage();
    const visit = await page.goto(`${base}/`);
    const home = { status: visit?.status() ?? 0, text: await shownText(page) };

    const unsigned = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fixture("user.created")),
    });

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
    const deliveredMs = performance.now() - posted;
    await page.goto(`${base}/`);
    const homeAfterDelivery = await shownText(page);
    return {
      workflowSteps: workflow.run,
      buildMs: ms["pnpm build"] ?? 0,
      testMs: ms["pnpm test"] ?? 0,
      testsPassed,
      migrateMs: migrate.ms,
      home,
      unsignedStatus: unsigned.status,
      deliveredMs,
      status: response.status,
      homeAfterDelivery,
    };
  } finally {
    await browser.close();
    await Promise.all(running.map((service) => service.stop()));
    await database.close();
  }
}

/** The CI workflow's job (the new repo has one): its environment and its `run` steps. */
export function readWorkflow(root: string): { env: Record<string, string>; run: string[] } {
  const workflow = parseYaml(
    fs.readFileSync(path.join(root, ".github", "workflows", "ci.yml"), "utf8"),
  ) as {
    jobs: Record<string, { env?: Record<string, unknown>; steps: { run?: string }[] }>;
  };
  const jobs = Object.values(workflow.jobs);
  if (jobs.length !== 1) throw new Error(`Expected one job in the workflow, got ${jobs.length}`);
  const job = jobs[0] as (typeof jobs)[number];
  return {
    env: Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, String(v)])),
    run: job.steps.flatMap((step) => (step.run ? [step.run] : [])),
  };
}

/** Chromium as the tests here use it: Debian's (or CHROMIUM_PATH), headless, no sandbox as root. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install Debian's chromium, or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** The page's main content as a person sees it (rendered text, not the DOM's). */
function shownText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's rendered text is the point
  return page.innerText("main");
}

function definedOnly(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
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

/** The app's variables as Next.js reads them: .env, then .env.local over it. */
export function appEnvFiles(appDir: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of [".env", ".env.local"]) {
    const file = path.join(appDir, name);
    if (fs.existsSync(file)) Object.assign(env, parseEnv(fs.readFileSync(file, "utf8")));
  }
  return env;
}
