import { CONFIG_HELP, CONFIG_OPTIONS, parseCommand } from "../args.js";
import { loadClerkSync } from "../config.js";
import type { CliIo } from "../io.js";

export const summary = "Schedule due retries and deliveries a crash left behind, once";

export const help = `Usage: clerk-sync sweep [--config <module>]

Does once what the sweeper does periodically: schedules every failed delivery whose retry is
due, every delivery left pending by a process that died after acknowledging it, and every one
whose worker's lease ran out. With the inline queue they are processed here before the command
exits; with BullMQ they are queued for the workers.

Options:
${CONFIG_HELP}
  -h, --help              Show this help`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const values = parseCommand("sweep", args, CONFIG_OPTIONS, {
    help,
    example: 'Run "clerk-sync sweep --config src/lib/clerk-sync.ts".',
    out: io.out,
  });
  if (!values) return 0;
  const { clerkSync } = await loadClerkSync(values.config, io, { envFiles: values["env-file"] });
  try {
    const scheduled = await clerkSync.sweep();
    const where =
      typeof clerkSync.queue.startWorker === "function"
        ? "queued for the workers"
        : "processing them here";
    io.out(
      scheduled === 0
        ? "Nothing to sweep: no delivery is due or left behind."
        : `Scheduled ${scheduled} deliver${scheduled === 1 ? "y" : "ies"}, ${where}.`,
    );
  } finally {
    // The inline queue finishes what was scheduled before it closes.
    await clerkSync.close();
  }
  return 0;
}
