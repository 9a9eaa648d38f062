// Ingest benchmark: how fast /api/webhooks acknowledges deliveries, next to the ceiling of a
// bare route in the same app that only runs Clerk's verifyWebhook. Prints figures; asserts none.
//
//   pnpm bench:ingest                  # N=2000 deliveries, 16 connections
//   BENCH_N=5000 BENCH_CONNECTIONS=32 pnpm bench:ingest
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from "../src/demo/keys";
import { buildIfStale } from "./build-if-stale";
import { APP_DIR } from "./prisma";
import { databaseFile, newSigningSecret, setup } from "./setup";

const N = positiveInt(process.env.BENCH_N, 2000);
const CONNECTIONS = positiveInt(process.env.BENCH_CONNECTIONS, 16);
const WARMUP = Math.min(500, Math.max(50, Math.floor(N / 10)));
const PORT = positiveInt(process.env.BENCH_PORT, 3090);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DATABASE_URL = "file:./.bench/bench.db";

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

/** Drive every prepared delivery at `route` once; latency is time to the response. */
async function drive(route: string, deliveries: Prepared[]): Promise<Figures> {
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
      connections: Math.min(CONNECTIONS, deliveries.length),
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
  errors += result.errors + result.timeouts;
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

/** Wait for the kit to finish processing what it acknowledged, for the processing rate. */
async function drained(file: string, expected: number, since: number): Promise<number | null> {
  const db = new Database(file, { readonly: true });
  try {
    for (let i = 0; i < 1200; i++) {
      const row = db
        .prepare(
          "SELECT COUNT(*) AS finished FROM clerk_webhook_events WHERE status IN ('done','skipped','failed','dead')",
        )
        .get() as { finished: number };
      if (row.finished >= expected) return (Date.now() - since) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return null;
  } finally {
    db.close();
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

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
    PORT: String(PORT),
  };
  buildIfStale(env);
  testing = await import("@acme/clerk-sync/testing");
  setup({ env, fresh: true, envFile: false, generate: false, quiet: true });
  const file = databaseFile(DATABASE_URL);

  const server = spawn(
    path.join(APP_DIR, "node_modules", ".bin", "next"),
    ["start", "--port", String(PORT)],
    {
      cwd: APP_DIR,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  try {
    await waitUntilUp(server);
    console.log(
      `bench: ${N} unique signed deliveries per route, ${CONNECTIONS} connections, ${WARMUP} warm-up each`,
    );

    // Warm both routes up (first-request compilation, JIT, SQLite page cache) before measuring.
    await drive("/api/bench/verify-only", prepare(WARMUP, secret));
    await drive("/api/webhooks", prepare(WARMUP, secret));
    await drained(file, WARMUP, Date.now());

    const ceiling = await drive("/api/bench/verify-only", prepare(N, secret));
    const kitDeliveries = prepare(N, secret);
    const kitStarted = Date.now();
    const kit = await drive("/api/webhooks", kitDeliveries);
    const drainSeconds = await drained(file, WARMUP + N, kitStarted);

    const rows: [string, Figures][] = [
      ["verify-only (ceiling)", ceiling],
      ["/api/webhooks (kit)", kit],
    ];
    console.log("");
    console.log(
      `${"route".padEnd(24)}${"req/s".padStart(10)}${"p50".padStart(11)}${"p95".padStart(11)}${"p99".padStart(11)}${"non-200".padStart(10)}`,
    );
    for (const [name, f] of rows) {
      console.log(
        `${name.padEnd(24)}${f.throughput.toFixed(0).padStart(10)}${ms(f.p50).padStart(11)}${ms(f.p95).padStart(11)}${ms(f.p99).padStart(11)}${String(f.errors).padStart(10)}`,
      );
    }
    console.log("");
    console.log(
      `kit / ceiling: throughput ${(kit.throughput / ceiling.throughput).toFixed(2)}x, ` +
        `p50 ${(kit.p50 / ceiling.p50).toFixed(2)}x, p95 ${(kit.p95 / ceiling.p95).toFixed(2)}x, p99 ${(kit.p99 / ceiling.p99).toFixed(2)}x`,
    );
    console.log(
      drainSeconds === null
        ? "processing: not finished within 2 minutes of the run's start"
        : `processing: all ${N} deliveries synced ${drainSeconds.toFixed(1)} s after the run started (${(N / drainSeconds).toFixed(0)} events/s, acknowledgement included)`,
    );
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
