import type { ClerkSync } from "../../client.js";
import { describeError } from "../../errors/index.js";
import { CONFIG_HELP, CONFIG_OPTIONS, parseCommand, positiveInteger } from "../args.js";
import { loadClerkSync } from "../config.js";
import { CliError } from "../errors.js";
import type { CliIo } from "../io.js";

export const summary = "Process deliveries from the app's BullMQ queue, with the sweeper";

export const help = `Usage: clerk-sync worker [--config <module>] [--concurrency <n>]

Consumes the queue of the app's clerkSync (bullmqQueue) in this process and runs the sweeper,
which schedules due retries and anything a crash left behind. Run as many workers as you like,
on as many machines: every delivery is applied once. SIGINT or SIGTERM stops taking new work and
waits for the deliveries in hand; a second signal stops at once (the lease hands those to
another worker later).

Options:
${CONFIG_HELP}
      --concurrency <n>   Deliveries processed at once by this process (default: the queue's, 8)
  -h, --help              Show this help

Example:
  clerk-sync worker --config src/lib/clerk-sync.ts --concurrency 16`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const values = parseCommand(
    "worker",
    args,
    { ...CONFIG_OPTIONS, concurrency: { type: "string" } },
    {
      help,
      example:
        'Pass the configuration with --config, e.g. "clerk-sync worker --config src/lib/clerk-sync.ts".',
      out: io.out,
    },
  );
  if (!values) return 0;
  const concurrency =
    values.concurrency === undefined
      ? undefined
      : positiveInteger("concurrency", values.concurrency, 8, 1_000);

  // Listen before loading: a signal during start-up must still shut down cleanly.
  const stops: string[] = [];
  let wake: () => void = () => {};
  const unlisten = io.onStop((signal) => {
    stops.push(signal);
    wake();
  });
  const nextStop = () =>
    new Promise<void>((resolve) => {
      if (stops.length > 0) resolve();
      else wake = resolve;
    });
  try {
    const { clerkSync, file, envFiles } = await loadClerkSync(values.config, io, {
      envFiles: values["env-file"],
    });
    const { queue } = clerkSync;
    if (typeof queue.startWorker !== "function") {
      throw new CliError(
        "QUEUE_HAS_NO_WORKER",
        `The queue of clerkSync in ${file} is "${queue.kind}", which processes inside the web process: a worker has nothing to consume.`,
        {
          suggestion:
            'Give createClerkSync a queue that runs in workers: queue: bullmqQueue({ connection: process.env.REDIS_URL }) from "@acme/clerk-sync/queue". To retry due deliveries once, run "clerk-sync sweep".',
        },
      );
    }
    if (stops.length === 0) {
      await shareDatabase(clerkSync, io);
      await queue.startWorker(concurrency === undefined ? {} : { concurrency });
      // Whatever came due while no worker ran (failed retries, deliveries a killed web process
      // left pending, leases of a killed worker) is scheduled now, not at the first interval:
      // startSweeper() sweeps at once, and this shares that pass (with `sweeper: false`, it is
      // the one sweep, at boot).
      clerkSync.startSweeper();
      clerkSync
        .sweep()
        .catch((error) => io.err(`clerk-sync worker: first sweep failed: ${describeError(error)}`));
      io.out(
        `clerk-sync worker ${process.pid}: consuming ${await queueLabel(queue)} (concurrency ${concurrency ?? "default"})${envFiles.length > 0 ? `, env from ${envFiles.join(", ")}` : ""}. Ctrl+C to stop.`,
      );
    }
    await nextStop();
    io.out(`clerk-sync worker ${process.pid}: ${stops[0]}, finishing the deliveries in hand…`);
    stops.length = 0;
    const forced = nextStop().then(() => "forced" as const);
    const outcome = await Promise.race([clerkSync.close().then(() => "closed" as const), forced]);
    if (outcome === "forced") {
      io.err(`clerk-sync worker ${process.pid}: stopped without waiting.`);
      return 130;
    }
    io.out(`clerk-sync worker ${process.pid}: stopped.`);
    return 0;
  } finally {
    unlisten();
  }
}

/** Put a SQLite database in WAL mode, so this worker and the web process wait less on each other. */
async function shareDatabase(clerkSync: ClerkSync, io: CliIo): Promise<void> {
  try {
    const mode = await clerkSync.ledger.shareAcrossProcesses();
    if (mode !== undefined && mode !== "wal") {
      io.err(
        `clerk-sync worker: the SQLite database stays in ${mode} journal mode (WAL not available); writers in other processes will wait longer.`,
      );
    }
  } catch (error) {
    io.err(
      `clerk-sync worker: could not put the SQLite database in WAL mode: ${describeError(error)}. Processing goes on; writers in other processes will wait longer.`,
    );
  }
}

/** The queue as the worker consumes it: its name in Redis, which the web process must share. */
async function queueLabel(queue: {
  kind: string;
  queueName?: unknown;
  redisQueueName?: () => Promise<string>;
}): Promise<string> {
  const name =
    typeof queue.redisQueueName === "function" ? await queue.redisQueueName() : queue.queueName;
  return typeof name === "string" ? `${queue.kind} queue "${name}"` : queue.kind;
}
