// One worker process of the apply benchmark (bench-apply.ts starts it): applies pending
// deliveries until none is left, then reports how many it applied and the CPU it used.
//
// Settings come as JSON in BENCH_APPLY: { provider, url, index, workers, mode }. Mode "batched"
// claims due deliveries in batches (`processDue`); "single" processes them one by one through
// `process(id)`, eight at a time, each worker taking its share of the ids (as a queue hands
// each job to one worker).
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { createClerkSync, silentLogger } from "../src/index.js";
import { syncHandlers } from "../src/prisma/index.js";
import { createPrisma, type Provider } from "../test/support/providers.js";

const settings = JSON.parse(process.env.BENCH_APPLY ?? "{}") as {
  provider: Provider;
  url: string;
  index: number;
  workers: number;
  mode: "batched" | "single";
  batchSize?: number;
};
const prisma = createPrisma(settings.provider, settings.url);
const sync = createClerkSync({
  prisma,
  handlers: [syncHandlers(["user"])],
  logger: silentLogger,
  sweeper: false,
});
type Batched = { processDue(options?: { limit?: number }): Promise<number> };

async function single(): Promise<number> {
  const ids = (await sync.ledger.due({ pendingGraceMs: 0, limit: 1_000_000 })).filter(
    (_, i) => i % settings.workers === settings.index,
  );
  let next = 0;
  let applied = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ids.length) {
        const outcome = await sync.process(ids[next++] as string);
        if (outcome.status === "done" || outcome.status === "skipped") applied++;
      }
    }),
  );
  return applied;
}

async function batched(): Promise<number> {
  let applied = 0;
  for (;;) {
    const count = await (sync as unknown as Batched).processDue({ limit: settings.batchSize });
    if (count === 0) return applied;
    applied += count;
  }
}

process.send?.({ ready: true });
await new Promise<void>((resolve) => process.once("message", () => resolve()));
// BENCH_PROFILE=<dir>: a CPU profile of the measured part, one file per worker.
const session = process.env.BENCH_PROFILE ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
}
const cpu = process.cpuUsage();
const applied = settings.mode === "batched" ? await batched() : await single();
const used = process.cpuUsage(cpu);
if (session) {
  const { profile } = await session.post("Profiler.stop");
  const file = path.join(
    process.env.BENCH_PROFILE ?? ".",
    `apply-${settings.provider}-${settings.mode}-${settings.index}.cpuprofile`,
  );
  fs.writeFileSync(file, JSON.stringify(profile));
}
process.send?.({ applied, cpuMs: (used.user + used.system) / 1000 });
await prisma.$disconnect();
process.exit(0);
