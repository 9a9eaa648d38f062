// Backfill throughput: objects per second from the fake Clerk Backend API into SQLite and
// PostgreSQL, with CPU time per object, the comparing pass, and where the time goes.
//
//   pnpm --filter @acme/clerk-sync bench:backfill
//   BENCH_SCALE=0.2 BENCH_PROVIDERS=sqlite BENCH_PROFILE=1 pnpm --filter @acme/clerk-sync bench:backfill
//   BENCH_PROFILE_OUT=/tmp/backfill … also saves each write pass's profile (.cpuprofile, for
//   Chrome's DevTools)
//
// The fake runs in a process of its own, so the CPU figures are the backfill's alone. Needs the
// test Prisma clients (pnpm db:generate), PostgreSQL for that provider, and Prisma's schema
// engine (PRISMA_SCHEMA_ENGINE_BINARY where it cannot be downloaded).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { backfill, type RunReport, reconcile, syncObjects } from "../src/backfill/index.js";
import { DEFAULT_SEED_SIZE, seedInstance } from "../src/fake-api/index.js";
import { syncRowOf } from "../src/prisma/index.js";
import { createPrisma, type Provider } from "../test/support/providers.js";
import { freshDatabase } from "./bench-db.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SEED = 1;
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? "sqlite,postgresql").split(",") as Provider[];
/** BENCH_PROFILE=1: profile the write pass too (it slows that pass down; its figures are then off). */
const PROFILE = process.env.BENCH_PROFILE === "1";
const JITI = path.join(ROOT, "node_modules", "jiti", "lib", "jiti-cli.mjs");

/** The fake, in its own process: `clerk-sync fake-api`, seeded. */
async function startFake(): Promise<{ url: string; key: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      JITI,
      path.join(ROOT, "src/cli/main.ts"),
      "fake-api",
      "--seed",
      String(SEED),
      "--scale",
      String(SCALE),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = /at (http:\/\/\S+) [\s\S]*CLERK_SECRET_KEY=\S+\n/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`fake-api exited (${code}): ${output}`)));
  });
  const key = /CLERK_SECRET_KEY=(\S+)/.exec(output)?.[1] ?? "";
  return { url, key, child };
}

interface Measure {
  objects: number;
  wallMs: number;
  cpuMs: number;
  peakHeapMb: number;
  /** Heap still in use after a full collection, at its highest (node --expose-gc). */
  retainedMb: number | undefined;
}

async function measure(work: (sample: () => void) => Promise<number>): Promise<Measure> {
  global.gc?.();
  let peak = process.memoryUsage().heapUsed;
  let retained = global.gc ? peak : undefined;
  let samples = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    // Every 20th page: what a full collection leaves, the memory the run really holds.
    if (global.gc && ++samples % 20 === 0) {
      global.gc();
      retained = Math.max(retained ?? 0, process.memoryUsage().heapUsed);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const objects = await work(sample);
  const used = process.cpuUsage(cpu);
  return {
    objects,
    wallMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    peakHeapMb: peak / 2 ** 20,
    retainedMb: retained === undefined ? undefined : retained / 2 ** 20,
  };
}

const listed = (report: RunReport) => report.groups.reduce((n, g) => n + g.listed, 0);

/** A column value as SQLite stores what Prisma writes (JSON as text, dates as ms). */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value ?? null;
}

/** Self time of a CPU profile, by where the code comes from. */
function profileByModule(profile: {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const buckets = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const url = frame?.url ?? "";
    const bucket =
      frame?.functionName === "(garbage collector)"
        ? "garbage collection"
        : frame?.functionName === "(idle)"
          ? "idle (waiting on I/O)"
          : /@prisma\/client|generated\/(sqlite|postgresql)/.test(url)
            ? "Prisma client (query building, validation, results)"
            : /adapter-|better-sqlite3|\/pg\//.test(url)
              ? "driver adapter and database driver"
              : /@clerk\/backend|@clerk\/shared/.test(url)
                ? "@clerk/backend (requests, deserializing)"
                : /clerk-sync\/src/.test(url)
                  ? "the kit (paging, rows, guard)"
                  : url.startsWith("node:") || url === ""
                    ? "Node.js built-ins (JSON, HTTP, event loop), from any caller"
                    : "other (Prisma's query compiler in WebAssembly, …)";
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  return [...buckets.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => [name, (100 * us) / total]);
}

function row(cells: (string | number)[]): string {
  const widths = [12, 50, 11, 14, 9, 11, 14];
  return cells
    .map((c, i) =>
      i < 2 ? String(c).padEnd(widths[i] ?? 10) : String(c).padStart(widths[i] ?? 10),
    )
    .join(" ");
}

const fake = await startFake();
const api = { secretKey: fake.key, apiUrl: fake.url, requestsPer10s: 1_000_000 };
const sizes = Object.entries(DEFAULT_SEED_SIZE)
  .map(([k, v]) => `${Math.round(v * SCALE)} ${k}`)
  .join(", ");
console.log(`Backfill from the fake Clerk Backend API (another process; ${sizes}), pages of 500.`);
console.log(`Node ${process.version}, ${process.platform}/${process.arch}.\n`);
console.log(
  row(["provider", "pass", "objects/s", "CPU ms/object", "wall s", "peak heap", "retained heap"]),
);
const profiles: [string, [string, number][]][] = [];
/** BENCH_JSON=<file>: the figures as JSON too (pnpm bench draws them). */
const results: {
  provider: Provider;
  pass: string;
  objects: number;
  objectsPerSecond: number;
  cpuMsPerObject: number;
  seconds: number;
}[] = [];
try {
  for (const provider of PROVIDERS) {
    const url = await freshDatabase(provider, provider);
    const prisma = createPrisma(provider, url);
    if (provider === "sqlite") {
      // As apps run it: WAL (doctor checks it; clerk-sync worker sets it).
      await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    }
    const session = new Session();
    if (PROFILE) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    const write = await measure(async (sample) =>
      listed(await backfill({ prisma, api, verify: false, onProgress: sample })),
    );
    if (PROFILE) {
      const { profile } = await session.post("Profiler.stop");
      profiles.push([provider, profileByModule(profile as never)]);
      if (process.env.BENCH_PROFILE_OUT) {
        fs.writeFileSync(
          `${process.env.BENCH_PROFILE_OUT}.${provider}.cpuprofile`,
          JSON.stringify(profile),
        );
      }
      session.disconnect();
    }
    const compare = await measure(async (sample) =>
      listed(await reconcile({ prisma, api, onProgress: sample })),
    );
    const again = await measure(async (sample) =>
      listed(await backfill({ prisma, api, verify: false, onProgress: sample })),
    );
    await prisma.$disconnect();

    // The ceiling a batched write could approach: the same user rows, inserted 500 per statement
    // with createMany (no version guard, so not a way to sync: a measure of Prisma's per-row cost).
    const ceilingUrl = await freshDatabase(provider, `${provider}_ceiling`);
    const ceilingPrisma = createPrisma(provider, ceilingUrl);
    const users = seedInstance({
      ...DEFAULT_SEED_SIZE,
      seed: SEED,
      users: Math.round(10_000 * SCALE),
    }).user;
    const rows = users.map(
      (u) => syncRowOf({ type: "user.updated", data: u, timestamp: u.updated_at ?? 0 }).row,
    );
    const ceiling = await measure(async () => {
      for (let i = 0; i < rows.length; i += 500) {
        await ceilingPrisma.clerkUser.createMany({ data: rows.slice(i, i + 500) as never });
      }
      return rows.length;
    });
    const perRow = await measure(async () => {
      await ceilingPrisma.clerkUser.deleteMany();
      for (let i = 0; i < users.length; i += 500) {
        await ceilingPrisma.$transaction((tx) => syncObjects(tx, "user", users.slice(i, i + 500)), {
          timeout: 600_000,
        });
      }
      return users.length;
    });
    // The floor under any Prisma path: the same rows, 500 per INSERT statement of raw SQL.
    const raw =
      provider === "sqlite"
        ? await measure(async () => {
            await ceilingPrisma.clerkUser.deleteMany();
            const columns = Object.keys(rows[0] ?? {});
            const names = columns.map(
              (c) => `"${c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`)}"`,
            );
            for (let i = 0; i < rows.length; i += 500) {
              const chunk = rows.slice(i, i + 500);
              const values = chunk.flatMap((r) =>
                columns.map((c) => sqliteValue((r as unknown as Record<string, unknown>)[c])),
              );
              const placeholders = chunk
                .map(() => `(${columns.map(() => "?").join(",")})`)
                .join(",");
              await ceilingPrisma.$executeRawUnsafe(
                `INSERT INTO clerk_users (${names.join(",")}) VALUES ${placeholders}`,
                ...values,
              );
            }
            return rows.length;
          })
        : undefined;
    await ceilingPrisma.$disconnect();

    for (const [name, m] of [
      ["backfill, write pass (into an empty database)", write],
      ["reconcile, comparing pass (nothing to fix)", compare],
      ["backfill again (every write a no-op)", again],
      ["users only: syncObjects, 500 per transaction", perRow],
      ["users only: createMany, 500 per statement", ceiling],
      ...(raw ? ([["users only: raw SQL INSERT, 500 rows per statement", raw]] as const) : []),
    ] as const) {
      results.push({
        provider,
        pass: name,
        objects: m.objects,
        objectsPerSecond: (m.objects * 1000) / m.wallMs,
        cpuMsPerObject: m.cpuMs / m.objects,
        seconds: m.wallMs / 1000,
      });
      console.log(
        row([
          provider,
          name,
          Math.round((m.objects * 1000) / m.wallMs),
          (m.cpuMs / m.objects).toFixed(3),
          (m.wallMs / 1000).toFixed(1),
          `${m.peakHeapMb.toFixed(0)} MB`,
          m.retainedMb === undefined ? "-" : `${m.retainedMb.toFixed(0)} MB`,
        ]),
      );
    }
  }
  for (const [provider, buckets] of profiles) {
    console.log(`\nWhere the write pass spends its CPU on ${provider} (self time):`);
    for (const [name, share] of buckets) {
      if (share >= 0.5) console.log(`  ${share.toFixed(1).padStart(5)}%  ${name}`);
    }
  }
  if (process.env.BENCH_JSON) {
    fs.writeFileSync(
      process.env.BENCH_JSON,
      `${JSON.stringify({ scale: SCALE, results }, null, 2)}\n`,
    );
  }
} finally {
  fake.child.kill("SIGINT");
}
