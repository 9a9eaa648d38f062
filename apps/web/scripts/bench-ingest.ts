// Ingest benchmark: how fast the kit acknowledges deliveries, next to the ceiling of a bare
// route in the same app that only runs Clerk's verifyWebhook. Prints figures; asserts none.
//
// Routes: the verify-only ceiling, /api/webhooks (the kit, processing inline in the web
// process) and /api/bench/kit-bullmq (the kit with BullMQ and no worker: acknowledgement only).
// Closed-loop runs at each connection count, then open-loop runs at fixed rates for latency.
//
//   pnpm bench:ingest                              # N=2000 per run, 4,16,64 connections, 100,300 req/s
//   BENCH_N=5000 BENCH_CONNECTIONS=32 BENCH_RATES= pnpm bench:ingest
//   BENCH_JSON=out.json pnpm bench:ingest         # also write the figures as JSON
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from "../src/demo/keys";
import { buildIfStale } from "./build-if-stale";
import { APP_DIR } from "./prisma";
import { databaseFile, newSigningSecret, setup } from "./setup";

const N = positiveInt(process.env.BENCH_N, 2000);
const CONNECTION_COUNTS = list(process.env.BENCH_CONNECTIONS ?? "4,16,64");
const RATES = list(process.env.BENCH_RATES ?? "100,300");
/** How long each open-loop run lasts. */
const RATE_SECONDS = positiveInt(process.env.BENCH_RATE_SECONDS, 10);
const ROUTE_NAMES = (process.env.BENCH_ROUTES ?? "ceiling,inline,bullmq").split(",");
const WARMUP = Math.min(500, Math.max(50, Math.floor(N / 10)));
const PORT = positiveInt(process.env.BENCH_PORT, 3090);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DATABASE_URL = "file:./.bench/bench.db";
const BULLMQ_DATABASE_URL = "file:./.bench/bench-bullmq.db";
const BULLMQ_QUEUE = `clerk-sync-bench-${(process.env.CLERK_SYNC_TEST_PREFIX ?? "local").replace(/\W/g, "_")}`;

const ROUTES: Record<string, { label: string; path: string }> = {
  ceiling: { label: "verify-only (ceiling)", path: "/api/bench/verify-only" },
  inline: { label: "kit, inline", path: "/api/webhooks" },
  bullmq: { label: "kit, BullMQ ack only", path: "/api/bench/kit-bullmq" },
};

function list(raw: string): number[] {
  return raw
    .split(",")
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
}

interface Prepared {
  headers: Record<string, string>;
  body: string;
}

interface Figures {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  /** CPU time of the server's processes (user + system) per request, in ms. */
  cpuMsPerRequest?: number;
}

export interface IngestResult extends Figures {
  route: string;
  label: string;
  /** "closed": `connections` clients each waiting for its answer; "open": a fixed `rate`. */
  loop: "closed" | "open";
  connections?: number;
  rate?: number;
  /** Inline: seconds from the last acknowledgement until every delivery was synced. */
  syncedAfterLastAckS?: number | null;
  /** Inline: server CPU per delivery, acknowledgement and processing both. */
  cpuMsPerEventSynced?: number;
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// The kit's testing helpers, loaded once the kit is built (a fresh clone has no build yet).
let testing: typeof import("@acme/clerk-sync/testing");

/** Unique, signed user.created deliveries, signed up front so signing is not measured. */
function prepare(count: number, secret: string): Prepared[] {
  const { fixture, newSvixId, signPayload } = testing;
  return Array.from({ length: count }, () => {
    const { headers, body } = signPayload(fixture("user.created"), { secret, svixId: newSvixId() });
    return { headers, body };
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** CPU time (user + system, ms) of a process and its descendants, from /proc (Linux). */
function treeCpuMs(root: number): number {
  const TICK_MS = 10; // USER_HZ is 100 on Linux
  const stats = new Map<number, { ppid: number; ms: number }>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return Number.NaN;
  }
  for (const entry of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), {
        ppid: Number(fields[1]),
        ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      });
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
      if (p === root) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  for (const [pid, { ms }] of stats) if (inTree(pid)) total += ms;
  return total;
}

function summarise(latencies: number[], errors: number, seconds: number): Figures {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/** Drive every prepared delivery at `route` once over `connections` connections (closed loop). */
async function drive(route: string, deliveries: Prepared[], connections: number): Promise<Figures> {
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  let finish: (result: autocannon.Result) => void = () => {};
  let abort: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    abort = reject;
  });
  const instance = autocannon(
    {
      url: `${ORIGIN}${route}`,
      connections: Math.min(connections, deliveries.length),
      amount: deliveries.length,
      method: "POST",
      requests: [
        {
          setupRequest: (request) => {
            const delivery = deliveries[next++ % deliveries.length] as Prepared;
            return { ...request, method: "POST", headers: delivery.headers, body: delivery.body };
          },
        },
      ],
    },
    (error, result) => (error ? abort(error) : finish(result)),
  );
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (statusCode !== 200) errors++;
  });
  const result = await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summarise(latencies, errors + result.errors + result.timeouts, seconds);
}

/**
 * Open loop: one request every 1/rate s whatever the answers do, each on its own (fetch's
 * pooled keep-alive connections). Latency counts from when the request was due, so a server
 * that falls behind shows it (no coordinated omission).
 */
async function openLoop(route: string, deliveries: Prepared[], rate: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const intervalMs = 1000 / rate;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < deliveries.length; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const delivery = deliveries[i] as Prepared;
    pending.push(
      fetch(`${ORIGIN}${route}`, {
        method: "POST",
        headers: delivery.headers,
        body: delivery.body,
      }).then(
        async (response) => {
          await response.arrayBuffer();
          latencies.push(performance.now() - due);
          if (response.status !== 200) errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(pending);
  return summarise(latencies, errors, (performance.now() - started) / 1000);
}

async function waitUntilUp(server: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error("the server exited while starting");
    const up = await fetch(`${ORIGIN}/`, { redirect: "manual" }).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not start within 2 minutes");
}

/** How many deliveries in the database have finished processing. */
function finishedCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const row = db
      .prepare(
        "SELECT COUNT(*) AS finished FROM clerk_webhook_events WHERE status IN ('done','skipped','failed','dead')",
      )
      .get() as { finished: number };
    return row.finished;
  } finally {
    db.close();
  }
}

/** Wait until `expected` deliveries have finished; seconds since `since`, null past 2 minutes. */
async function drained(file: string, expected: number, since: number): Promise<number | null> {
  for (let i = 0; i < 2400; i++) {
    if (finishedCount(file) >= expected) return (performance.now() - since) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function printTable(results: IngestResult[]): void {
  console.log("");
  console.log(
    `${"route".padEnd(24)}${"load".padStart(10)}${"req/s".padStart(8)}${"p50".padStart(10)}${"p95".padStart(10)}${"p99".padStart(10)}${"CPU ms/req".padStart(12)}${"non-200".padStart(9)}`,
  );
  for (const f of results) {
    const load = f.loop === "closed" ? `${f.connections} conn` : `${f.rate}/s`;
    console.log(
      `${f.label.padEnd(24)}${load.padStart(10)}${f.throughput.toFixed(0).padStart(8)}${ms(f.p50).padStart(10)}${ms(f.p95).padStart(10)}${ms(f.p99).padStart(10)}${(f.cpuMsPerRequest ?? Number.NaN).toFixed(2).padStart(12)}${String(f.errors).padStart(9)}`,
    );
  }
  console.log("");
  for (const f of results.filter((r) => r.syncedAfterLastAckS !== undefined)) {
    const load = f.loop === "closed" ? `${f.connections} connections` : `${f.rate} req/s`;
    console.log(
      f.syncedAfterLastAckS == null
        ? `inline, ${load}: not all synced within 2 minutes`
        : `inline, ${load}: all synced ${f.syncedAfterLastAckS.toFixed(2)} s after the last ack; server CPU ${f.cpuMsPerEventSynced?.toFixed(2)} ms per delivery, processing included`,
    );
  }
  const ratio = (route: string, key: "throughput" | "p99", where: (r: IngestResult) => boolean) => {
    const base = results.find((r) => r.route === "ceiling" && where(r));
    const kit = results.find((r) => r.route === route && where(r));
    return base && kit ? (kit[key] / base[key]).toFixed(2) : "-";
  };
  for (const c of CONNECTION_COUNTS) {
    const at = (r: IngestResult) => r.loop === "closed" && r.connections === c;
    console.log(
      `${c} connections: inline ${ratio("inline", "throughput", at)}x, ack only ${ratio("bullmq", "throughput", at)}x the ceiling's throughput`,
    );
  }
  for (const rate of RATES) {
    const at = (r: IngestResult) => r.loop === "open" && r.rate === rate;
    console.log(
      `${rate} req/s: p99 inline ${ratio("inline", "p99", at)}x, ack only ${ratio("bullmq", "p99", at)}x the ceiling's p99`,
    );
  }
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
    CLERK_SYNC_BENCH: "1",
    BENCH_BULLMQ_DATABASE_URL: BULLMQ_DATABASE_URL,
    BENCH_BULLMQ_QUEUE: BULLMQ_QUEUE,
    PORT: String(PORT),
  };
  buildIfStale(env);
  testing = await import("@acme/clerk-sync/testing");
  setup({ env, fresh: true, envFile: false, generate: false, quiet: true });
  const file = databaseFile(DATABASE_URL);
  // The ack-only route's own database: a copy of the freshly migrated one.
  const bullmqFile = databaseFile(BULLMQ_DATABASE_URL);
  for (const ext of ["", "-wal", "-shm", "-journal"]) fs.rmSync(bullmqFile + ext, { force: true });
  fs.copyFileSync(file, bullmqFile);
  clearQueue();

  const server = spawn(
    path.join(APP_DIR, "node_modules", ".bin", "next"),
    ["start", "--port", String(PORT)],
    {
      cwd: APP_DIR,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const pid = server.pid ?? 0;
  const results: IngestResult[] = [];
  try {
    await waitUntilUp(server);
    console.log(
      `bench: ${N} unique signed deliveries per closed-loop run at ${CONNECTION_COUNTS.join(", ")} connections, ` +
        `${RATE_SECONDS} s per open-loop run at ${RATES.join(", ")} req/s, ${WARMUP} warm-up per route`,
    );
    const routes = ROUTE_NAMES.filter((name) => ROUTES[name]);

    // Warm every route up (first-request compilation, JIT, SQLite page cache) before measuring.
    for (const name of routes) {
      await drive(ROUTES[name]?.path ?? "", prepare(WARMUP, secret), 16);
    }
    if (routes.includes("inline")) await drained(file, WARMUP, performance.now());

    const measure = async (
      name: string,
      load: { connections: number } | { rate: number },
    ): Promise<void> => {
      const route = ROUTES[name] as { label: string; path: string };
      const count = "rate" in load ? load.rate * RATE_SECONDS : N;
      const deliveries = prepare(count, secret);
      const finishedBefore = name === "inline" ? finishedCount(file) : 0;
      const cpuBefore = treeCpuMs(pid);
      const figures =
        "rate" in load
          ? await openLoop(route.path, deliveries, load.rate)
          : await drive(route.path, deliveries, load.connections);
      const lastAck = performance.now();
      const cpuAcked = treeCpuMs(pid);
      const result: IngestResult = {
        route: name,
        label: route.label,
        ...("rate" in load
          ? { loop: "open" as const, rate: load.rate }
          : { loop: "closed" as const, connections: load.connections }),
        ...figures,
        cpuMsPerRequest: (cpuAcked - cpuBefore) / figures.requests,
      };
      if (name === "inline") {
        result.syncedAfterLastAckS = await drained(file, finishedBefore + count, lastAck);
        result.cpuMsPerEventSynced = (treeCpuMs(pid) - cpuBefore) / count;
      }
      results.push(result);
    };

    for (const connections of CONNECTION_COUNTS) {
      for (const name of routes) await measure(name, { connections });
    }
    for (const rate of RATES) {
      for (const name of routes) await measure(name, { rate });
    }
    printTable(results);
    if (process.env.BENCH_JSON) {
      fs.writeFileSync(
        process.env.BENCH_JSON,
        `${JSON.stringify({ n: N, rateSeconds: RATE_SECONDS, results }, null, 2)}\n`,
      );
    }
  } finally {
    server.kill("SIGTERM");
    clearQueue();
  }
}

/** Remove the ack-only route's jobs from Redis (nothing consumes them). */
function clearQueue(): void {
  const keys = spawnSync("redis-cli", ["--scan", "--pattern", `bull:${BULLMQ_QUEUE}*`], {
    encoding: "utf8",
  });
  const names = (keys.stdout ?? "").split("\n").filter(Boolean);
  for (let i = 0; i < names.length; i += 500) {
    spawnSync("redis-cli", ["del", ...names.slice(i, i + 500)], { stdio: "ignore" });
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
