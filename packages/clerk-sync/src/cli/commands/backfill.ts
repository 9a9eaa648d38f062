import { backfill } from "../../backfill/index.js";
import type { CliIo } from "../io.js";
import { printReport, runSyncCommand, SYNC_RUN_HELP } from "../sync-run.js";

export const summary = "Bring the objects already in Clerk into the database (resumable)";

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

export function run(args: string[], io: CliIo): Promise<number> {
  return runSyncCommand(
    "backfill",
    args,
    io,
    help,
    ["resume", "no-verify"],
    async (values, prepared) => {
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
      return 0;
    },
  );
}
