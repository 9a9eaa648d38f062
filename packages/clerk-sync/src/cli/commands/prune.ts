import { CONFIG_HELP, CONFIG_OPTIONS, parseCommand, positiveInteger } from "../args.js";
import { loadClerkSync } from "../config.js";
import type { CliIo } from "../io.js";

export const summary = "Delete finished deliveries past the retention windows, once";

export const help = `Usage: clerk-sync prune [--payload-days <n>] [--id-days <n>] [--batch-size <n>] [--config <module>]

Does once what the sweeper does on its schedule: deletes finished (done or skipped) deliveries
received more than the id window ago, then empties the payload of those received more than the
payload window ago. Their svix-id stays until the id window ends, so a redelivery in that time is
still a duplicate. Failed and dead deliveries are never pruned. It works in short batches, one
transaction each, so webhooks are acknowledged as usual while it runs.

Options:
      --payload-days <n>  Keep payloads this many days (default: the app's retention.payloadDays,
                          CLERK_SYNC_RETAIN_PAYLOAD_DAYS, or 30)
      --id-days <n>       Keep svix-ids this many days, at least 2 (default: retention.idDays,
                          CLERK_SYNC_RETAIN_ID_DAYS, or 90)
      --batch-size <n>    Rows per transaction (default: retention.batchSize,
                          CLERK_SYNC_PRUNE_BATCH_SIZE, or 1000)
${CONFIG_HELP}
  -h, --help              Show this help`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const values = parseCommand(
    "prune",
    args,
    {
      ...CONFIG_OPTIONS,
      "payload-days": { type: "string" },
      "id-days": { type: "string" },
      "batch-size": { type: "string" },
    },
    { help, example: 'Run "clerk-sync prune --payload-days 30 --id-days 90".', out: io.out },
  );
  if (!values) return 0;
  const number = (name: string, value: string | undefined) =>
    value === undefined ? undefined : positiveInteger(name, value, 1);
  const overrides = {
    payloadDays: number("payload-days", values["payload-days"]),
    idDays: number("id-days", values["id-days"]),
    batchSize: number("batch-size", values["batch-size"]),
  };
  const { clerkSync } = await loadClerkSync(values.config, io, { envFiles: values["env-file"] });
  try {
    const started = Date.now();
    const result = await clerkSync.prune(
      Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    );
    const seconds = ((Date.now() - started) / 1_000).toFixed(1);
    io.out(
      `Deleted ${result.rowsDeleted} finished deliver${result.rowsDeleted === 1 ? "y" : "ies"} received before ${result.idsBefore.toISOString()}; ` +
        `emptied the payload of ${result.payloadsRemoved} received before ${result.payloadsBefore.toISOString()} (${seconds} s).`,
    );
  } finally {
    await clerkSync.close();
  }
  return 0;
}
