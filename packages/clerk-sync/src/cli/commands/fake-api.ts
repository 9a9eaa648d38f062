import {
  DEFAULT_SEED_SIZE,
  FAKE_SECRET_KEY,
  type SeedOptions,
  startFakeClerkApi,
} from "../../fake-api/index.js";
import { HELP_OPTION, parseCommand, positiveInteger } from "../args.js";
import { usageError } from "../errors.js";
import type { CliIo } from "../io.js";

export const summary = "Serve a local fake of Clerk's Backend API, seeded, to try backfill offline";

const SIZES = Object.keys(DEFAULT_SEED_SIZE) as (keyof typeof DEFAULT_SEED_SIZE)[];
const flag = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const help = `Usage: clerk-sync fake-api [--port <n>] [--seed <n>] [--scale <x>] [--<group> <count>…]

Serves the kit's fake of Clerk's Backend API on a local port until stopped: the lists backfill
and reconcile read, paginated as Clerk paginates, over a seeded instance (the same seed always
gives the same instance). Point the commands at it:

  CLERK_API_URL=<printed url> CLERK_SECRET_KEY=<printed key> clerk-sync backfill

Options:
      --port <n>           Port to listen on (default: a free one)
      --seed <n>           Seed of the generated instance (default 1)
      --scale <x>          Multiply every default count (default 1: ${SIZES.map((k) => `${DEFAULT_SEED_SIZE[k]} ${k}`).join(", ")})
${SIZES.map((k) => `${`      --${flag(k)} <n>`.padEnd(27)} How many ${k}`).join("\n")}
      --secret-key <key>   The key requests must carry (default ${FAKE_SECRET_KEY})
      --latency <ms>       Delay every response
  -h, --help               Show this help`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = {
    ...HELP_OPTION,
    port: { type: "string" },
    seed: { type: "string" },
    scale: { type: "string" },
    "secret-key": { type: "string" },
    latency: { type: "string" },
    ...Object.fromEntries(SIZES.map((k) => [flag(k), { type: "string" }])),
  } as const;
  const values = parseCommand("fake-api", args, options, {
    help,
    example: 'Run "clerk-sync fake-api --help".',
    out: io.out,
  });
  if (!values) return 0;
  const value = (name: string) => (values as Record<string, string | boolean | undefined>)[name];
  const scale = value("scale") === undefined ? 1 : Number(value("scale"));
  if (!Number.isFinite(scale) || scale <= 0) {
    throw usageError(
      "BAD_NUMBER",
      `--scale must be a positive number, got "${value("scale")}".`,
      "For example --scale 0.1.",
    );
  }
  const seed: SeedOptions = {
    seed: positiveInteger("seed", value("seed") as string | undefined, 1),
  };
  for (const key of SIZES) {
    const given = value(flag(key)) as string | undefined;
    seed[key] =
      given === "0"
        ? 0
        : positiveInteger(flag(key), given, Math.round(DEFAULT_SEED_SIZE[key] * scale), 10_000_000);
  }
  const port =
    value("port") === undefined
      ? 0
      : positiveInteger("port", value("port") as string, 4000, 65_535);
  const latency =
    value("latency") === undefined
      ? 0
      : positiveInteger("latency", value("latency") as string, 50, 60_000);
  const secretKey = (value("secret-key") as string | undefined) ?? FAKE_SECRET_KEY;
  const api = await startFakeClerkApi({ port, seed, secretKey, latencyMs: latency });
  const counts = SIZES.map((k) => `${seed[k]} ${k}`).join(", ");
  io.out(`Fake Clerk Backend API at ${api.url} (${counts}).`);
  io.out(`  CLERK_API_URL=${api.url} CLERK_SECRET_KEY=${secretKey}`);
  io.out("Ctrl+C to stop.");
  await new Promise<void>((resolve) => {
    const unlisten = io.onStop(() => {
      unlisten();
      resolve();
    });
  });
  await api.stop();
  io.out(`Stopped after ${api.requests.length} requests.`);
  return 0;
}
