// Volume benchmark: the dashboard's pages over a large ledger and many synced users, and
// `clerk-sync prune` of the whole seeded ledger with the acknowledgement latency of a steady
// stream of webhooks while it runs. Prints figures; asserts none. Runs against the production
// build on SQLite (the reference app's database).
//
//   pnpm bench:volume                               # 1,000,000 ledger rows, 300,000 users
//   pnpm bench:volume --rows 100000 --users 30000   # smaller, for a shared machine
//
// Rows are cloned from deliveries the running app recorded and synced itself, so they have the
// kit's columns, payloads and formats exactly; only ids, subjects and times differ.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from "../src/demo/keys";
import { buildIfStale } from "./build-if-stale";
import { APP_DIR } from "./prisma";
import { databaseFile, newSigningSecret, setup } from "./setup";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    users: { type: "string", default: "300000" },
    rate: { type: "string", default: "50" },
    port: { type: "string", default: "3091" },
  },
});
const ROWS = Number(values.rows);
const USERS = Number(values.users);
const RATE = Number(values.rate);
const PORT = Number(values.port);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DATABASE_URL = "file:./.bench/volume.db";
const DAY = 24 * 60 * 60_000;
const RUNS = 5;

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
  const response = await fetch(`${ORIGIN}/api/webhooks`, { method: "POST", headers, body });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  return performance.now() - started;
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

function seed(file: string, now: number): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  // Spread over 3 to 120 days ago: old enough for prune with a 2-day id window to take all.
  const span = 117 * DAY;
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
  db.close();
}

async function waitUntilUp(server: ChildProcess): Promise<void> {
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

/** A steady stream of webhooks at RATE per second until `until` settles; their latencies. */
async function stream(secret: string, until: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const started = performance.now();
  for (let n = 0; !done; n++) {
    inFlight.push(post(secret).then((ms) => void latencies.push(ms)));
    const wait = started + ((n + 1) * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  return latencies;
}

async function main(): Promise<void> {
  const secret = newSigningSecret();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL,
    CLERK_WEBHOOK_SIGNING_SECRET: secret,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
    CLERK_SECRET_KEY: DEMO_SECRET_KEY,
    // The server's own sweeper must not prune: the bench times `clerk-sync prune` alone.
    CLERK_SYNC_PRUNE_INTERVAL_MINUTES: "0",
    PORT: String(PORT),
  };
  buildIfStale(env);
  testing = await import("@acme/clerk-sync/testing");
  setup({ env, fresh: true, envFile: false, generate: false, quiet: true });
  const file = databaseFile(DATABASE_URL);
  const start = () =>
    spawn(path.join(APP_DIR, "node_modules", ".bin", "next"), ["start", "--port", String(PORT)], {
      cwd: APP_DIR,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });

  // Template rows: a few deliveries recorded and synced by the app itself.
  let server = start();
  await waitUntilUp(server);
  for (let i = 0; i < 20; i++) await post(secret);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));

  const seeding = performance.now();
  seed(file, Date.now());
  console.log(
    `bench: seeded ${ROWS.toLocaleString("en")} ledger rows and ${USERS.toLocaleString("en")} users on SQLite in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );

  server = start();
  try {
    await waitUntilUp(server);
    const db = new Database(file, { readonly: true });
    const middle = db
      .prepare(
        "SELECT received_at, id FROM clerk_webhook_events ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?",
      )
      .get(Math.floor(ROWS / 2)) as { received_at: string; id: string };
    db.close();
    const deep = `${Date.parse(middle.received_at)}.${middle.id}`;
    const pages = [
      "/",
      "/events",
      "/events?status=done",
      "/events?type=user.created",
      "/events?status=failed",
      `/events?after=${encodeURIComponent(deep)}`,
      "/events?id=msg_vol0000",
      "/users",
      "/users?q=vol12345",
      "/organizations",
      "/sessions",
    ];
    console.log(`\npage (median of ${RUNS}, production build)`);
    for (const route of pages) {
      console.log(`  ${route.padEnd(48)} ${(await timePage(route)).toFixed(0).padStart(6)} ms`);
    }

    const baseline = await stream(secret, new Promise((resolve) => setTimeout(resolve, 10_000)));
    const bin = path.join(APP_DIR, "node_modules", ".bin", "clerk-sync");
    const pruneStarted = performance.now();
    let output = "";
    const prune = new Promise<number>((resolve) => {
      const child = spawn(bin, ["prune", "--id-days", "2", "--payload-days", "1"], {
        cwd: APP_DIR,
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
      `prune of ${ROWS.toLocaleString("en")} rows: ${pruneSeconds.toFixed(1)} s (process start included)`,
    );
    const line = (name: string, xs: number[]) =>
      `  ${name.padEnd(16)} n=${String(xs.length).padStart(5)}  p50 ${percentile(xs, 50).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`;
    console.log(`ack latency at ${RATE} req/s:`);
    console.log(line("without prune", baseline));
    console.log(line("during prune", during));
    console.log(
      `  p99 during / without: ${(percentile(during, 99) / percentile(baseline, 99)).toFixed(2)}x`,
    );
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
