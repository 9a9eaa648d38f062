import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fixture, generateSigningSecret, signPayload } from "@acme/clerk-sync/testing";
// By path, not as a dependency: this package's package.json goes into every repo the create
// scaffold makes, where the repo's tooling/ does not exist.
import {
  type LocalRegistry,
  packPackage,
  startRegistry,
} from "../../../../tooling/registry/src/index";
import { PACKAGE_DIR, REPO_ROOT } from "../support/paths";
import { diffTrees, readTree } from "../support/tree";
import { ADOPTION_DIR, type AdoptionFixture } from "./fixtures";

const run = promisify(execFile);

/** Every step of a user's adoption, in order: the table's columns. */
export const STEPS = [
  "generate",
  "rerun: zero diff",
  "install (printed command)",
  "typecheck",
  "next build",
  "next start",
  "unsigned POST → 400",
  "signed user.created → 200 + row",
  "protected route redirects",
  "/api/webhooks-old redirects",
] as const;
export type Step = (typeof STEPS)[number];

export interface StepResult {
  ok: boolean;
  ms: number;
  detail?: string;
}

const CLI = path.join(PACKAGE_DIR, "bin", "webhook-event.mjs");
/** Production-format keys for clerk.example.com: clerkMiddleware runs, with no network call. */
export const PLACEHOLDER_KEYS = {
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from("clerk.example.com$").toString("base64")}`,
  CLERK_SECRET_KEY: "sk_live_adoptionMatrixNotARealKey0000000000",
};
const PREFIX = (process.env.CLERK_SYNC_TEST_PREFIX ?? "local").replace(/\W+/g, "_").toLowerCase();
const PG_SERVER = process.env.DATABASE_URL_PG ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * The kit's library packed as `pnpm publish` would ship it, served from a registry on
 * localhost that passes everything else on to npm: apps install it with their own package
 * manager and their own, unchanged install command.
 */
export async function startKitRegistry(workDir: string): Promise<LocalRegistry> {
  const tarball = packPackage(path.join(REPO_ROOT, "packages", "clerk-sync"), workDir);
  return startRegistry([tarball], { upstream: "https://registry.npmjs.org/" });
}

/** One fixture app taken through every step, each recorded; a failed step stops the rest. */
export class AdoptionJourney {
  readonly fixture: AdoptionFixture;
  readonly app: string;
  readonly results = new Map<Step, StepResult>();
  readonly #registry: LocalRegistry;
  #printed: string[] = [];
  #server: ChildProcess | undefined;
  #serverLog = "";
  #baseUrl = "";
  readonly #secret = generateSigningSecret();
  readonly #databaseUrl: string | undefined;
  readonly #buildScripts: boolean;

  /**
   * `buildScripts: false` installs without dependency build scripts (`ignore-scripts`): no
   * native SQLite build, for runs that stop at the type check.
   */
  constructor(
    fixtureInfo: AdoptionFixture,
    registry: LocalRegistry,
    workDir: string,
    { buildScripts = true }: { buildScripts?: boolean } = {},
  ) {
    this.fixture = fixtureInfo;
    this.#buildScripts = buildScripts;
    this.#registry = registry;
    this.app = path.join(workDir, fixtureInfo.name);
    fs.cpSync(path.join(ADOPTION_DIR, fixtureInfo.name), this.app, { recursive: true });
    if (fixtureInfo.provider === "postgresql") {
      const url = new URL(PG_SERVER);
      url.pathname = `/${PREFIX}_adoption_${fixtureInfo.name.slice(0, 1)}`;
      this.#databaseUrl = url.toString();
    }
  }

  /** Run `step`, time it, record it; false when it (or an earlier step) failed. */
  async step(step: Step, body: () => Promise<void>): Promise<boolean> {
    const failedBefore = [...this.results.values()].some((r) => !r.ok);
    if (failedBefore) return false;
    const start = performance.now();
    try {
      await body();
      this.results.set(step, { ok: true, ms: performance.now() - start });
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.results.set(step, { ok: false, ms: performance.now() - start, detail });
      return false;
    }
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      // npm reads npm_config_*, pnpm 11+ pnpm_config_*.
      npm_config_registry: this.#registry.url,
      pnpm_config_registry: this.#registry.url,
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      ...(this.#databaseUrl ? { DATABASE_URL: this.#databaseUrl } : {}),
      ...extra,
    };
  }

  /** `webhook-event` as a user runs it: the real command, stdin not a terminal. */
  async generate(): Promise<string> {
    const { stdout } = await run(
      process.execPath,
      [CLI, "--appDir", this.app, ...this.fixture.flags],
      { cwd: os.tmpdir(), env: this.env(), timeout: 120_000 },
    );
    return stdout;
  }

  async generateAndRecord(): Promise<void> {
    const output = await this.generate();
    const steps = output.slice(output.indexOf("Next steps:"));
    this.#printed = [...steps.matchAll(/^ {2}\d+\. (.+)$/gm)].map((m) => m[1] as string);
    if (!/ install\b/.test(this.#printed[0] ?? "")) {
      throw new Error(`no install command printed:\n${output}`);
    }
  }

  async rerunChangesNothing(): Promise<void> {
    const before = readTree(this.app);
    const output = await this.generate();
    const changed = diffTrees(before, readTree(this.app));
    if (changed.length > 0) throw new Error(`the second run changed ${changed.join(", ")}`);
    const writes = output.split("\n").filter((l) => /^ {2}(create|update) /.test(l));
    if (writes.length > 0) throw new Error(`the second run planned:\n${writes.join("\n")}`);
  }

  /** The printed commands, exactly: the install, then `prisma generate` and `migrate dev`. */
  async install(): Promise<void> {
    if (this.#databaseUrl) await recreateDatabase(this.#databaseUrl);
    // Without build scripts there is no native SQLite driver, so no migration either: the type
    // check needs the generated client only.
    const commands = this.#buildScripts
      ? this.#printed
      : this.#printed.filter((command) => !/\bmigrate\b/.test(command));
    for (const command of commands) {
      // One install at a time on a shared machine: the workspace's installs take this lock.
      const [file, args] = fs.existsSync("/usr/bin/flock")
        ? ["/usr/bin/flock", ["/tmp/pnpm-install.lock", "sh", "-c", command]]
        : ["sh", ["-c", command]];
      const env = this.env(
        this.#buildScripts
          ? {}
          : { npm_config_ignore_scripts: "true", pnpm_config_ignore_scripts: "true" },
      );
      await exec(file, args, { cwd: this.app, env, timeout: 900_000 }, command);
    }
  }

  async typecheck(): Promise<void> {
    await exec(this.bin("tsc"), ["--noEmit", "-p", "tsconfig.json"], { cwd: this.app }, "tsc");
  }

  async build(): Promise<void> {
    await exec(
      this.bin("next"),
      ["build"],
      { cwd: this.app, env: this.env(PLACEHOLDER_KEYS), timeout: 900_000 },
      "next build",
    );
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.#baseUrl = `http://127.0.0.1:${port}`;
    this.#server = spawn(this.bin("next"), ["start", "-p", String(port)], {
      cwd: this.app,
      env: this.env({ ...PLACEHOLDER_KEYS, CLERK_WEBHOOK_SIGNING_SECRET: this.#secret }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log = (chunk: Buffer) => {
      this.#serverLog += chunk.toString();
    };
    this.#server.stdout?.on("data", log);
    this.#server.stderr?.on("data", log);
    await waitFor(
      async () => (await fetch(`${this.#baseUrl}/`, { redirect: "manual" })).status > 0,
      90_000,
    );
  }

  async unsignedIsRefused(): Promise<void> {
    const response = await fetch(`${this.#baseUrl}/api/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fixture("user.created")),
      redirect: "manual",
    });
    if (response.status !== 400) {
      throw new Error(
        `expected 400, got ${response.status}: ${await response.text()}\n${this.#serverLog}`,
      );
    }
  }

  async signedIsSynced(): Promise<void> {
    const event = fixture("user.created");
    const { headers, body } = signPayload(event, { secret: this.#secret });
    const response = await fetch(`${this.#baseUrl}/api/webhooks`, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
    });
    if (response.status !== 200) {
      throw new Error(
        `expected 200, got ${response.status}: ${await response.text()}\n${this.#serverLog}`,
      );
    }
    const row = await waitFor(() => this.userRow(event.data.id), 30_000);
    // The columns, read straight off the payload Clerk would send (not by the kit's mapping).
    const data = event.data;
    const primary = data.email_addresses.find((e) => e.id === data.primary_email_address_id);
    const expected = {
      id: data.id,
      first_name: data.first_name,
      last_name: data.last_name,
      username: data.username ?? null,
      external_id: data.external_id ?? null,
      image_url: data.image_url,
      primary_email_address_id: data.primary_email_address_id,
      primary_email_address: primary?.email_address ?? null,
      deleted_at: null,
    };
    if (JSON.stringify(row) !== JSON.stringify(expected)) {
      throw new Error(
        `the synced clerk_users row differs from the payload:\n  row:      ${JSON.stringify(row)}\n  expected: ${JSON.stringify(expected)}`,
      );
    }
  }

  async redirects(pathname: string): Promise<void> {
    const response = await fetch(`${this.#baseUrl}${pathname}`, {
      headers: { accept: "text/html" },
      redirect: "manual",
    });
    const location = response.headers.get("location") ?? "";
    if (![307, 308].includes(response.status) || !location.includes(this.fixture.signInPath)) {
      throw new Error(
        `${pathname}: expected a redirect to ${this.fixture.signInPath}, got ${response.status} ${location}`,
      );
    }
  }

  /** The synced user's columns (undefined while there is none), read with the app's own driver. */
  async userRow(id: string): Promise<Record<string, unknown> | undefined> {
    const columns =
      "id, first_name, last_name, username, external_id, image_url, primary_email_address_id, primary_email_address, deleted_at";
    const script = this.#databaseUrl
      ? `const { Client } = require("pg");
const client = new Client({ connectionString: process.env.DATABASE_URL });
client.connect().then(() => client.query("SELECT ${columns} FROM clerk_users WHERE id = $1", [process.argv[1]]))
  .then((r) => { process.stdout.write(JSON.stringify(r.rows)); return client.end(); });`
      : `const Database = require("better-sqlite3");
const db = new Database("prisma/dev.db", { readonly: true });
process.stdout.write(JSON.stringify(db.prepare("SELECT ${columns} FROM clerk_users WHERE id = ?").all(process.argv[1])));`;
    const { stdout } = await run(process.execPath, ["-e", script, id], {
      cwd: this.app,
      env: this.env(),
    });
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    return rows.length === 1 ? rows[0] : undefined;
  }

  bin(name: string): string {
    return path.join(this.app, "node_modules", ".bin", name);
  }

  /** Every step, in order; stops at the first failure. */
  async all(steps: readonly Step[] = STEPS): Promise<void> {
    const plan: [Step, () => Promise<void>][] = [
      ["generate", () => this.generateAndRecord()],
      ["rerun: zero diff", () => this.rerunChangesNothing()],
      ["install (printed command)", () => this.install()],
      ["typecheck", () => this.typecheck()],
      ["next build", () => this.build()],
      ["next start", () => this.start()],
      ["unsigned POST → 400", () => this.unsignedIsRefused()],
      ["signed user.created → 200 + row", () => this.signedIsSynced()],
      ["protected route redirects", () => this.redirects(this.fixture.protectedPath)],
      ["/api/webhooks-old redirects", () => this.redirects("/api/webhooks-old")],
    ];
    for (const [step, body] of plan) {
      if (!steps.includes(step)) continue;
      if (!(await this.step(step, body))) break;
    }
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    if (this.#databaseUrl) await dropDatabase(this.#databaseUrl);
  }
}

/**
 * Run a command in a process group of its own, and on timeout end the whole group: a package
 * manager's children (and the install lock a shell holds for them) must not outlive the step.
 */
async function exec(
  file: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
  label: string,
): Promise<void> {
  const { timeout = 600_000, ...spawnOptions } = options;
  const child = spawn(file, args, {
    ...spawnOptions,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, timeout);
  const ended = await new Promise<{ code: number | null; signal: string | null; error?: Error }>(
    (resolve) => {
      child.once("error", (error) => resolve({ code: null, signal: null, error }));
      child.once("close", (code, signal) => resolve({ code, signal }));
    },
  );
  clearTimeout(timer);
  if (!timedOut && ended.code === 0) return;
  killGroup(child);
  // A timeout or a missing binary prints nothing: say how it ended.
  const how = timedOut
    ? `timed out after ${timeout / 1000} s`
    : ended.error
      ? ended.error.message
      : ended.signal
        ? `killed by ${ended.signal}`
        : `exit ${ended.code}`;
  const tail = output.split("\n").slice(-40).join("\n");
  throw new Error(`\`${label}\` failed (${how}):\n${tail}`);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // The group has already ended.
  }
}

async function psql(sql: string): Promise<void> {
  await run("psql", [PG_SERVER, "-v", "ON_ERROR_STOP=1", "-qc", sql]);
}

async function recreateDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await psql(`CREATE DATABASE "${new URL(url).pathname.slice(1)}"`);
}

async function dropDatabase(url: string): Promise<void> {
  await psql(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  ms: number,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${ms} ms${last ? `: ${String(last)}` : ""}`);
}

/** A port nothing listens on: the kernel's pick. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The table of the report: one row per fixture, one column per step. */
export function formatTable(
  journeys: readonly AdoptionJourney[],
  steps: readonly Step[] = STEPS,
): string {
  const header = ["fixture", ...steps];
  const rows = journeys.map((j) => [
    j.fixture.label,
    ...steps.map((step) => {
      const result = j.results.get(step);
      if (!result) return "–";
      return `${result.ok ? "✓" : "✗"} ${(result.ms / 1000).toFixed(1)} s`;
    }),
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
