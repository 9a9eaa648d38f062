// Apply throughput: events per second from a ledger of pending deliveries to synced rows, on
// SQLite and PostgreSQL, with one and two worker processes, and CPU time per event. Prints
// figures; asserts none.
//
//   pnpm --filter @acme/clerk-sync bench:apply
//   BENCH_N=1000 BENCH_PROVIDERS=sqlite BENCH_WORKERS=1 pnpm --filter @acme/clerk-sync bench:apply
//   BENCH_APPLY_MODE=single …   # one by one through process(id), as before batching
//   BENCH_JSON=out.json …       # also write the figures as JSON
//
// The deliveries (user.created, one user each, plus a user.updated for every fifth) are recorded
// before the clock starts; the workers are separate processes started and waiting before it.
import { fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClerkSync, silentLogger } from "../src/index.js";
import { fixture, newSvixId } from "../src/testing/index.js";
import { createPrisma, type Provider } from "../test/support/providers.js";
import { freshDatabase } from "./bench-db.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const JITI = path.join(ROOT, "node_modules", "jiti", "lib", "jiti-cli.mjs");
const N = Number(process.env.BENCH_N ?? 4000);
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? "sqlite,postgresql").split(",") as Provider[];
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? "1,2").split(",").map(Number);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 100);

export interface ApplyResult {
  provider: Provider;
  workers: number;
  mode: "batched" | "single";
  events: number;
  seconds: number;
  eventsPerSecond: number;
  eventsPerSecondPerWorker: number;
  cpuMsPerEvent: number;
}

/** Record N pending deliveries, as the acknowledgement path would. */
async function seed(provider: Provider, url: string): Promise<void> {
  const prisma = createPrisma(provider, url);
  if (provider === "sqlite") await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  const sync = createClerkSync({ prisma, logger: silentLogger, sweeper: false });
  const start = Date.now() - 60_000;
  let users: string[] = [];
  for (let i = 0; i < N; i++) {
    const updating = i % 5 === 4 && users.length > 0;
    const event = updating
      ? fixture("user.updated", { data: { id: users[i % users.length] }, timestamp: start + i })
      : fixture("user.created", { timestamp: start + i });
    if (!updating) users.push(event.data.id);
    await sync.ledger.record({
      svixId: newSvixId(),
      svixTimestamp: new Date(start + i),
      event: event as never,
    });
  }
  users = [];
  await prisma.$disconnect();
}

async function run(provider: Provider, workers: number, mode: "batched" | "single") {
  const url = await freshDatabase(provider, `apply_${provider}_${workers}`);
  await seed(provider, url);
  const children = Array.from({ length: workers }, (_, index) =>
    fork(path.join(ROOT, "scripts", "bench-apply-worker.ts"), [], {
      execPath: process.execPath,
      execArgv: [JITI],
      env: {
        ...process.env,
        BENCH_APPLY: JSON.stringify({
          provider,
          url,
          index,
          workers,
          mode,
          batchSize: BATCH_SIZE,
        }),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const message = (child: (typeof children)[number]) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      child.once("message", (m) => resolve(m as Record<string, number>));
      child.once("exit", (code) => reject(new Error(`a worker exited (${code})`)));
    });
  await Promise.all(children.map(message));
  const reports = children.map(message);
  const started = performance.now();
  for (const child of children) child.send("go");
  const done = await Promise.all(reports);
  const seconds = (performance.now() - started) / 1000;
  const events = done.reduce((sum, r) => sum + (r.applied ?? 0), 0);
  const cpuMs = done.reduce((sum, r) => sum + (r.cpuMs ?? 0), 0);
  return {
    provider,
    workers,
    mode,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    eventsPerSecondPerWorker: events / seconds / workers,
    cpuMsPerEvent: cpuMs / events,
  } satisfies ApplyResult;
}

const probe = createClerkSync({
  prisma: { clerkWebhookEvent: {}, $transaction: () => undefined },
  sweeper: false,
});
const MODE: "batched" | "single" =
  process.env.BENCH_APPLY_MODE === "single" || !("processDue" in probe) ? "single" : "batched";

console.log(
  `Apply: ${N} pending deliveries (user.created, every fifth a user.updated) per run, ${MODE}${MODE === "batched" ? ` (batches of ${BATCH_SIZE})` : " (process(id), 8 at a time per worker)"}.`,
);
console.log(`Node ${process.version}, ${process.platform}/${process.arch}.\n`);
const row = (cells: (string | number)[]) =>
  cells.map((c, i) => (i < 2 ? String(c).padEnd(12) : String(c).padStart(14))).join("");
console.log(row(["provider", "workers", "events/s", "ev/s/worker", "CPU ms/event", "wall s"]));
const results: ApplyResult[] = [];
for (const provider of PROVIDERS) {
  for (const workers of WORKER_COUNTS) {
    const r = await run(provider, workers, MODE);
    results.push(r);
    console.log(
      row([
        provider,
        workers,
        r.eventsPerSecond.toFixed(0),
        r.eventsPerSecondPerWorker.toFixed(0),
        r.cpuMsPerEvent.toFixed(3),
        r.seconds.toFixed(2),
      ]),
    );
    if (r.events !== N) console.log(`  (applied ${r.events} of ${N})`);
  }
}
if (process.env.BENCH_JSON) {
  fs.writeFileSync(
    process.env.BENCH_JSON,
    `${JSON.stringify({ n: N, mode: MODE, results }, null, 2)}\n`,
  );
}
