import { parseArgs } from "node:util";
import { CONFIG_HELP, CONFIG_OPTIONS, parsing } from "../args.js";
import { loadClerkSync } from "../config.js";
import { usageError } from "../errors.js";
import type { CliIo } from "../io.js";

export const summary =
  "Re-run a failed or dead delivery (or, with --force, a done one) by its svix-id";

export const help = `Usage: clerk-sync replay <svix-id> [--force [--hooks]] [--config <module>]

Makes a failed or dead delivery due now (a dead one gets a fresh set of attempts) and schedules
it. With the inline queue it is processed here and the outcome printed; with BullMQ a worker
processes it. The svix-id is in the event log (and in Svix's "svix-id" header).

A done delivery is not replayed without --force: a redelivery of it (Clerk Dashboard or CLI
replays resend the same svix-id) changes nothing, by design. --force runs it again on purpose,
through the version guard (a row newer than the event keeps its data); only the kit's sync runs
unless --hooks is given, so the app's side effects (emails, …) are not repeated.

Options:
      --force             Re-run a done or skipped delivery too
      --hooks             With --force: run the app's own hooks again as well (default: sync only)
${CONFIG_HELP}
  -h, --help              Show this help

Examples:
  clerk-sync replay msg_2mHZ8sN1tLyYq0vKpQdR4cYz7bE --config src/lib/clerk-sync.ts
  clerk-sync replay msg_2mHZ8sN1tLyYq0vKpQdR4cYz7bE --force`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parsing("replay", () =>
    parseArgs({
      args,
      options: { ...CONFIG_OPTIONS, force: { type: "boolean" }, hooks: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    io.out(help);
    return 0;
  }
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) {
    throw usageError(
      "USAGE",
      id
        ? `replay takes one svix-id, got ${positionals.length}.`
        : "replay needs the svix-id of the delivery.",
      'Run "clerk-sync replay <svix-id> --config src/lib/clerk-sync.ts"; the id is in the event log.',
    );
  }
  if (values.hooks && !values.force) {
    throw usageError(
      "USAGE",
      "--hooks applies to a forced replay only.",
      "Add --force to re-run a done delivery with the app's hooks; a failed or dead one always runs them.",
    );
  }
  const { clerkSync } = await loadClerkSync(values.config, io, { envFiles: values["env-file"] });
  const inWorkers = typeof clerkSync.queue.startWorker === "function";
  try {
    const before = await clerkSync.ledger.get(id);
    await clerkSync.replay(id, { force: values.force === true, hooks: values.hooks === true });
    io.out(
      `Replaying ${id} (${before?.type ?? "unknown type"}, was ${before?.status ?? "?"} after ${before?.attempts ?? 0} attempt(s))${values.force ? (values.hooks ? ", sync and hooks" : ", sync only, no hooks") : ""}${inWorkers ? ": queued for the workers." : "…"}`,
    );
  } finally {
    await clerkSync.close();
  }
  if (inWorkers) return 0;
  const after = await clerkSync.ledger.get(id);
  io.out(
    after?.status === "done" || after?.status === "skipped"
      ? `${id} is ${after.status}.`
      : `${id} is ${after?.status ?? "gone"}${after?.lastError ? `: ${after.lastError}` : ""}.`,
  );
  return after?.status === "done" || after?.status === "skipped" ? 0 : 1;
}
