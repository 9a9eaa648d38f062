import { parseArgs } from "node:util";
import { backfill } from "../../backfill/index.js";
import { parsing } from "../args.js";
import { usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import {
  interrupted,
  isAbort,
  prepareSyncRun,
  printReport,
  SYNC_RUN_HELP,
  SYNC_RUN_OPTIONS,
} from "../sync-run.js";

export const summary =
  "Bring the objects already in Clerk into the database (offline-safe, resumable)";

export const help = `Usage: clerk-sync backfill [--groups <a,b,…>] [--resume] [--no-verify] [options]

Lists every object of each group from Clerk's Backend API and writes it through the same
version-guarded sync the webhooks use, so webhooks arriving meanwhile are neither lost nor
overwritten, and your hooks do not run. Each page is written in one transaction with a
checkpoint: after a crash (or Ctrl+C), --resume continues where it stopped. Then it compares
again and fixes what changed in Clerk during the run (updates, deletions), until a pass finds
nothing. Honours Retry-After on 429, backs off on 5xx, and stays under the request rate.

Clerk cannot list sessions, emails and SMS, or billing subscriptions, subscription items and
payment attempts: those arrive by webhook alone.

Options:
      --resume             Continue the latest interrupted backfill (starts a new one if none)
      --no-verify          Skip the comparing passes after writing
${SYNC_RUN_HELP}

Examples:
  clerk-sync backfill
  clerk-sync backfill --groups user,organization,organizationMembership --rate 500
  clerk-sync backfill --resume`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parsing("backfill", () =>
    parseArgs({
      args,
      options: {
        ...SYNC_RUN_OPTIONS,
        resume: { type: "boolean" },
        "no-verify": { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    io.out(help);
    return 0;
  }
  if (positionals.length > 0) {
    throw usageError(
      "USAGE",
      `backfill takes no arguments, got "${positionals.join(" ")}".`,
      'Choose groups with --groups, e.g. "clerk-sync backfill --groups user,organization".',
    );
  }
  const prepared = await prepareSyncRun("backfill", values, io);
  try {
    const report = await backfill({
      prisma: prepared.clerkSync.prisma,
      api: prepared.api,
      groups: prepared.groups,
      resume: values.resume === true,
      verify: values["no-verify"] !== true,
      ...(prepared.pageSize ? { pageSize: prepared.pageSize } : {}),
      signal: prepared.signal,
      onProgress: (progress) => prepared.view.update(progress),
    });
    prepared.view.finish();
    if (values.resume && !report.resumed && !values.json) {
      io.out("Nothing to resume: ran a new backfill.");
    } else if (report.resumed && !values.json) {
      io.out(`Resumed ${report.runId}.`);
    }
    printReport(io, report, values.json);
    await prepared.close();
    return 0;
  } catch (error) {
    if (isAbort(error, prepared)) return interrupted(io, "backfill", prepared);
    prepared.view.finish();
    await prepared.close();
    throw error;
  }
}
