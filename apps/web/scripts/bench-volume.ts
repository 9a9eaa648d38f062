// Volume benchmark: the dashboard's pages over a large ledger and many synced users, and
// `clerk-sync prune` of the whole seeded ledger with the acknowledgement latency of a steady
// stream of webhooks while it runs. Prints figures; asserts none. Runs against the production
// build, on SQLite (the reference app's database) or on PostgreSQL (a copy of the app built with
// the kit's PostgreSQL schema and client, in .bench/pg-app).
//
//   pnpm bench:volume                               # SQLite, 1,000,000 ledger rows, 300,000 users
//   pnpm bench:volume --provider postgresql         # the same on PostgreSQL (127.0.0.1:5432)
//   pnpm bench:volume --rows 100000 --users 30000   # smaller, for a shared machine
//   pnpm bench:volume --reuse --pages-only          # time the pages again on the last seed
//
// Rows are cloned from deliveries the running app recorded and synced itself, so they have the
// kit's columns, payloads and formats exactly; only ids, subjects and times differ. On
// PostgreSQL the seed ends with VACUUM ANALYZE, as autovacuum would after a bulk load.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { EVENT_GROUP_NAMES } from "@acme/clerk-sync";
import { renderPrismaSchema } from "@acme/generators";
import Database from "better-sqlite3";
// The generator's own template for lib/db.ts, rendered for PostgreSQL.
import { renderTemplate } from "../../../packages/generators/src/render/template";
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from "../src/demo/keys";
import { buildIfStale } from "./build-if-stale";
import { APP_DIR } from "./prisma";
import { databaseFile, newSigningSecret, setup } from "./setup";

const { values } = parseArgs({
  options: {
    provider: { type: "string", default: "sqlite" },
    rows: { type: "string", default: "1000000" },
    users: { type: "string", default: "300000" },
    rate: { type: "string", default: "50" },
    port: { type: "string", default: "3091" },
    reuse: { type: "boolean", default: false },
    "pages-only": { type: "boolean", default: false },
  },
});
const PROVIDER = values.provider;
if (PROVIDER !== "sqlite" && PROVIDER !== "postgresql") {
  throw new Error(`--provider is sqlite or postgresql, not ${PROVIDER}`);
}
const ROWS = Number(values.rows);
const USERS = Number(values.users);
const RATE = Number(values.rate);
const PORT = Number(values.port);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DAY = 24 * 60 * 60_000;
const RUNS = 5;
// Spread over 3 to 120 days ago: old enough for prune with a 2-day id window to take all.
const SPAN_DAYS = 117;

let testing: typeof import("@acme/clerk-sync/testing");

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function post(secret: string): Promise<number> {
  const { fixture, signPayload } = testing;
  const { headers, body } = signPayload(fixture("user.created"), { secret });
  const started = performance.now();
  // Bounded, so one request the server never answers cannot hold the stream open for ever.
  const response = await fetch(`${ORIGIN}/api/webhooks`, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  return performance.now() - started;
}

/** A seeded database on one provider, and the app built for it. */
interface Target {
  appDir: string;
  databaseUrl: string;
  /** Build the app for this provider when its sources changed. */
  build(env: NodeJS.ProcessEnv): void;
  /** Whether a seed of the asked size is there to reuse. */
  seeded(): boolean;
  /** An empty, migrated database. */
  reset(env: NodeJS.ProcessEnv): void;
  /** Bring a reused database to the current migrations. */
  migrate(env: NodeJS.ProcessEnv): void;
  /** Clone the template rows the app wrote into ROWS deliveries and USERS users. */
  seed(now: number): void;
  /** `[<received ms>.<id>, id]` of the delivery `offset` rows into the newest-first log. */
  deliveryAt(offset: number): [string, string];
  /** The id of a seeded user. */
  someUser(): string;
}

/** Clone `count` rows of `table` from its template rows, varying what `vary` returns. */
function clone(
  db: Database.Database,
  table: string,
  count: number,
  vary: (n: number, template: Record<string, unknown>) => Record<string, unknown>,
): void {
  const templates = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
  const columns = Object.keys(templates[0] ?? {});
  const insert = db.prepare(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const template = templates[n % templates.length] as Record<string, unknown>;
      insert.run({ ...template, ...vary(n, template) });
    }
  });
  for (let from = 0; from < count; from += 50_000) batch(from, Math.min(count, from + 50_000));
}

function sqliteTarget(): Target {
  const databaseUrl = "file:./.bench/volume.db";
  const file = databaseFile(databaseUrl);
  const open = () => new Database(file, { readonly: true });
  return {
    appDir: APP_DIR,
    databaseUrl,
    build: (env) => void buildIfStale(env),
    seeded() {
      if (!fs.existsSync(file)) return false;
      const db = open();
      try {
        const row = db.prepare("SELECT count(*) AS n FROM clerk_webhook_events").get() as {
          n: number;
        };
        return row.n >= ROWS;
      } finally {
        db.close();
      }
    },
    reset: (env) => void setup({ env, fresh: true, envFile: false, generate: false, quiet: true }),
    migrate: (env) => void setup({ env, envFile: false, generate: false, quiet: true }),
    seed(now) {
      const db = new Database(file);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = OFF");
      const span = SPAN_DAYS * DAY;
      clone(db, "clerk_webhook_events", ROWS, (n, t) => {
        const received = now - 3 * DAY - Math.floor((n / ROWS) * span);
        const subject = `${String(t.subject_id ?? "user_x").slice(0, 20)}${n.toString(36)}`;
        const payload = JSON.parse(String(t.payload)) as { data: { id: string } };
        payload.data.id = subject;
        return {
          id: `msg_vol${n.toString(36).padStart(8, "0")}`,
          subject_id: subject,
          payload: JSON.stringify(payload),
          received_at: iso(received),
          svix_timestamp: iso(received),
          event_timestamp: iso(received),
          processed_at: iso(received + 40),
          updated_at: iso(received + 40),
        };
      });
      clone(db, "clerk_users", USERS, (n, t) => ({
        id: `user_vol${n.toString(36).padStart(8, "0")}`,
        search_text: `${String(t.search_text)} vol${n}`,
        created_at: iso(now - n * 60_000),
      }));
      db.pragma("optimize");
      // Fold the seed's write-ahead log into the database now, not in the first webhook's commit.
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
    },
    deliveryAt(offset) {
      const db = open();
      try {
        const row = db
          .prepare(
            "SELECT received_at, id FROM clerk_webhook_events ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?",
          )
          .get(offset) as { received_at: string; id: string };
        return [`${Date.parse(row.received_at)}.${row.id}`, row.id];
      } finally {
        db.close();
      }
    },
    someUser() {
      const db = open();
      try {
        return (
          db.prepare("SELECT id FROM clerk_users WHERE id LIKE 'user_vol%' LIMIT 1").get() as {
            id: string;
          }
        ).id;
      } finally {
        db.close();
      }
    },
  };
}

function postgresTarget(): Target {
  const database = `${process.env.CLERK_SYNC_TEST_PREFIX ?? "bench"}_volume`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${database}`;
  const appDir = path.join(APP_DIR, ".bench", "pg-app");
  const psql = (sql: string[], db = database): string => {
    const result = spawnSync(
      "psql",
      ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt"].concat(
        sql.flatMap((c) => ["-c", c]),
      ),
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
    return result.stdout.trim();
  };
  const columns = (table: string) =>
    psql([
      `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
    ]).split("\n");
  /** INSERT … SELECT of `count` rows cloned from the table's template rows, `vary` per column. */
  const cloneSql = (table: string, count: number, vary: Record<string, string>) => {
    const cols = columns(table);
    const select = cols.map((c) => vary[c] ?? `t."${c}"`).join(", ");
    return `WITH t AS (SELECT *, (row_number() OVER (ORDER BY id) - 1) AS k__, count(*) OVER () AS c__ FROM "${table}")
      INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")})
      SELECT ${select} FROM generate_series(0, ${count - 1}) AS n JOIN t ON t.k__ = n % t.c__`;
  };
  return {
    appDir,
    databaseUrl,
    build(env) {
      buildIfStale(env, { app: false });
      // A copy of the app whose schema, client and lib/db.ts are the kit's PostgreSQL ones.
      fs.mkdirSync(appDir, { recursive: true });
      for (const entry of ["src", "prisma"]) {
        fs.rmSync(path.join(appDir, entry), { recursive: true, force: true });
      }
      fs.cpSync(path.join(APP_DIR, "src"), path.join(appDir, "src"), {
        recursive: true,
        filter: (from) => !from.includes(`${path.sep}generated`),
      });
      for (const file of [
        "next.config.ts",
        "postcss.config.mjs",
        "tsconfig.json",
        "package.json",
        "prisma.config.ts",
        "next-env.d.ts",
      ]) {
        fs.copyFileSync(path.join(APP_DIR, file), path.join(appDir, file));
      }
      const tsconfig = JSON.parse(fs.readFileSync(path.join(appDir, "tsconfig.json"), "utf8"));
      tsconfig.extends = path.relative(
        appDir,
        path.join(APP_DIR, "..", "..", "tsconfig.base.json"),
      );
      tsconfig.include = ["next-env.d.ts", "src", ".next/types/**/*.ts"];
      fs.writeFileSync(path.join(appDir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
      if (!fs.existsSync(path.join(appDir, "node_modules"))) {
        fs.symlinkSync(path.join(APP_DIR, "node_modules"), path.join(appDir, "node_modules"));
      }
      fs.mkdirSync(path.join(appDir, "prisma"), { recursive: true });
      fs.writeFileSync(
        path.join(appDir, "prisma", "schema.prisma"),
        renderPrismaSchema({
          provider: "postgresql",
          groups: EVENT_GROUP_NAMES,
          output: "../src/generated/prisma",
        }),
      );
      fs.writeFileSync(
        path.join(appDir, "src", "lib", "db.ts"),
        renderTemplate("lib/db.ts.hbs", {
          sqlite: false,
          sqliteDefaultUrl: "",
          imports: { prismaClient: "@/generated/prisma/client" },
        }),
      );
      const bin = (name: string) => path.join(APP_DIR, "node_modules", ".bin", name);
      for (const [command, args] of [
        [bin("prisma"), ["generate"]],
        [bin("next"), ["build"]],
      ] as const) {
        console.log(`build: ${path.basename(command)} ${args.join(" ")} (PostgreSQL copy)`);
        const result = spawnSync(command, args, { cwd: appDir, env, stdio: "inherit" });
        if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
      }
    },
    seeded() {
      try {
        return Number(psql(["SELECT count(*) FROM clerk_webhook_events"])) >= ROWS;
      } catch {
        return false;
      }
    },
    reset(env) {
      psql(
        [`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, `CREATE DATABASE "${database}"`],
        "postgres",
      );
      const diff = spawnSync(
        path.join(APP_DIR, "node_modules", ".bin", "prisma"),
        ["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"],
        { cwd: appDir, env, encoding: "utf8" },
      );
      if (diff.status !== 0) throw new Error(`prisma migrate diff: ${diff.stderr}`);
      psql([diff.stdout.replace(/^Loaded Prisma config.*$/m, "")]);
    },
    migrate() {
      // The copy has no migrations of its own: --reuse keeps the database as seeded.
    },
    seed() {
      const now = "(now() AT TIME ZONE 'UTC')";
      const received = `(${now} - interval '3 days' - n * (interval '${SPAN_DAYS} days' / ${ROWS}))`;
      const subject = `left(coalesce(t.subject_id, 'user_x'), 20) || n::text`;
      psql([
        cloneSql("clerk_webhook_events", ROWS, {
          id: `'msg_vol' || lpad(n::text, 8, '0')`,
          subject_id: subject,
          payload: `jsonb_set(t.payload, '{data,id}', to_jsonb(${subject}))`,
          received_at: received,
          svix_timestamp: received,
          event_timestamp: received,
          processed_at: `${received} + interval '40 milliseconds'`,
          updated_at: `${received} + interval '40 milliseconds'`,
        }),
        cloneSql("clerk_users", USERS, {
          id: `'user_vol' || lpad(n::text, 8, '0')`,
          search_text: `t.search_text || ' vol' || n::text`,
          created_at: `${now} - n * interval '1 minute'`,
        }),
      ]);
      psql(["VACUUM ANALYZE clerk_webhook_events", "VACUUM ANALYZE clerk_users"]);
    },
    deliveryAt(offset) {
      const [cursor, id] = psql([
        `SELECT (extract(epoch FROM received_at AT TIME ZONE 'UTC') * 1000)::bigint || '.' || id, id FROM clerk_webhook_events ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ${offset}`,
      ]).split("|");
      return [cursor ?? "", id ?? ""];
    },
    someUser: () => psql(["SELECT id FROM clerk_users WHERE id LIKE 'user_vol%' LIMIT 1"]),
  };
}

async function waitUntilUp(server: ChildProcess): Promise<void> {
  if (
    await fetch(ORIGIN).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`something already answers on ${ORIGIN}: pick another --port`);
  }
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error("the server exited while starting");
    if (
      await fetch(`${ORIGIN}/events`).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not start within 2 minutes");
}

/** The processes under `pid`, found through /proc (`next start` runs its server in another group). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const all: number[] = [];
  const visit = (p: number) => {
    for (const child of children.get(p) ?? []) {
      all.push(child);
      visit(child);
    }
  };
  visit(pid);
  return all;
}

/** Stop the server and every process `next start` started under it. */
async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || !server.pid) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  for (const pid of [...descendants(server.pid), server.pid]) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  await exited;
  // The port is free again only once the server itself has gone.
  for (
    let i = 0;
    i < 100 &&
    (await fetch(ORIGIN).then(
      () => true,
      () => false,
    ));
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function timePage(route: string): Promise<number> {
  await (await fetch(`${ORIGIN}${route}`)).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const response = await fetch(`${ORIGIN}${route}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * A steady stream of webhooks at RATE per second until `until` settles; the latencies of those
 * acknowledged, and how many were not (an error or a dropped connection).
 */
async function stream(
  secret: string,
  until: Promise<unknown>,
): Promise<number[] & { failed?: number }> {
  const latencies: number[] & { failed?: number } = [];
  latencies.failed = 0;
  const inFlight: Promise<void>[] = [];
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const started = performance.now();
  for (let n = 0; !done; n++) {
    inFlight.push(
      post(secret).then(
        (ms) => void latencies.push(ms),
        (error: unknown) => {
          latencies.failed = (latencies.failed ?? 0) + 1;
          if (latencies.failed === 1) console.error(`bench: a webhook failed: ${String(error)}`);
        },
      ),
    );
    const wait = started + ((n + 1) * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  return latencies;
}

function load(): string {
  return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

async function main(): Promise<void> {
  const target = PROVIDER === "sqlite" ? sqliteTarget() : postgresTarget();
  const secret = newSigningSecret();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: target.databaseUrl,
    CLERK_WEBHOOK_SIGNING_SECRET: secret,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
    CLERK_SECRET_KEY: DEMO_SECRET_KEY,
    // The server's own sweeper must not prune: the bench times `clerk-sync prune` alone.
    CLERK_SYNC_PRUNE_INTERVAL_MINUTES: "0",
    PORT: String(PORT),
  };
  target.build(env);
  testing = await import("@acme/clerk-sync/testing");
  const start = () =>
    spawn(
      path.join(target.appDir, "node_modules", ".bin", "next"),
      ["start", "--port", String(PORT)],
      {
        cwd: target.appDir,
        env,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );

  let server: ChildProcess;
  if (values.reuse && target.seeded()) {
    target.migrate(env);
    console.log(`bench: reusing the seeded ${PROVIDER} database`);
  } else {
    target.reset(env);
    // Template rows: a few deliveries recorded and synced by the app itself.
    server = start();
    try {
      await waitUntilUp(server);
      for (let i = 0; i < 20; i++) await post(secret);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      await stop(server);
    }
    const seeding = performance.now();
    target.seed(Date.now());
    console.log(
      `bench: seeded ${ROWS.toLocaleString("en")} ledger rows and ${USERS.toLocaleString("en")} users on ${PROVIDER} in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );
  }

  server = start();
  try {
    await waitUntilUp(server);
    const [deep, middle] = target.deliveryAt(Math.floor(ROWS / 2));
    const pages = [
      "/",
      "/events",
      "/events?status=done",
      "/events?type=user.created",
      "/events?status=failed",
      `/events?after=${encodeURIComponent(deep)}`,
      "/events?id=msg_vol0000",
      `/events/${encodeURIComponent(middle)}`,
      "/users",
      "/users?q=vol12345",
      `/users/${target.someUser()}`,
      "/organizations",
      "/memberships",
      "/sessions",
      "/invitations",
      "/roles",
      "/waitlist",
      "/communication",
      "/billing",
    ];
    console.log(`\npage on ${PROVIDER} (median of ${RUNS}, production build; load ${load()})`);
    for (const route of pages) {
      console.log(`  ${route.padEnd(48)} ${(await timePage(route)).toFixed(0).padStart(6)} ms`);
    }
    console.log(`  (load after the pages: ${load()})`);
    if (values["pages-only"]) return;

    const baseline = await stream(secret, new Promise((resolve) => setTimeout(resolve, 10_000)));
    const bin = path.join(target.appDir, "node_modules", ".bin", "clerk-sync");
    const pruneStarted = performance.now();
    let output = "";
    const prune = new Promise<number>((resolve) => {
      const child = spawn(bin, ["prune", "--id-days", "2", "--payload-days", "1"], {
        cwd: target.appDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      child.once("exit", (code) => resolve(code ?? 1));
    });
    const during = await stream(secret, prune);
    const pruneSeconds = (performance.now() - pruneStarted) / 1000;
    if ((await prune) !== 0) throw new Error(`prune failed: ${output}`);
    console.log(`\nprune: ${output.trim()}`);
    console.log(
      `prune of ${ROWS.toLocaleString("en")} rows on ${PROVIDER}: ${pruneSeconds.toFixed(1)} s (process start included; load ${load()})`,
    );
    const line = (name: string, xs: number[] & { failed?: number }) =>
      `  ${name.padEnd(16)} n=${String(xs.length).padStart(5)}  p50 ${percentile(xs, 50).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms  not acknowledged ${xs.failed ?? 0}`;
    console.log(`ack latency at ${RATE} req/s:`);
    console.log(line("without prune", baseline));
    console.log(line("during prune", during));
    console.log(
      `  p99 during / without: ${(percentile(during, 99) / percentile(baseline, 99)).toFixed(2)}x`,
    );
  } finally {
    await stop(server);
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
