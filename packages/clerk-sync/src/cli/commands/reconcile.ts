import { reconcile } from "../../backfill/index.js";
import type { CliIo } from "../io.js";
import { printReport, runSyncCommand, SYNC_RUN_HELP } from "../sync-run.js";

export const summary =
  "Compare the database with Clerk: missing, stale and deleted rows (exit 1 on drift)";

export const help = `Usage: clerk-sync reconcile [--groups <a,b,…>] [--fix] [--json] [options]

Compares each group in the database with Clerk's Backend API and counts rows missing here, rows
older than Clerk's (stale), and rows alive here but deleted in Clerk (each checked with Clerk
before it counts). Prints a table (or JSON with --json), records the result (the reference app's
Drift panel shows the latest), and exits 1 when there is drift, so it can run from cron or CI.

With --fix, writes the missing and stale rows through the same version-guarded sync the webhooks
use and tombstones the deleted ones; it then exits 0 unless something could not be fixed
(Clerk sends no delete event for invitations and waitlist entries, so those rows are reported,
not tombstoned).

Options:
      --fix                Repair what is found
${SYNC_RUN_HELP}

Examples:
  clerk-sync reconcile
  clerk-sync reconcile --groups user --json
  clerk-sync reconcile --fix`;

export function run(args: string[], io: CliIo): Promise<number> {
  return runSyncCommand("reconcile", args, io, help, ["fix"], async (values, prepared) => {
    const report = await reconcile({
      prisma: prepared.clerkSync.prisma,
      api: prepared.api,
      groups: prepared.groups,
      fix: values.fix === true,
      ...(prepared.pageSize ? { pageSize: prepared.pageSize } : {}),
      signal: prepared.signal,
      onProgress: (progress) => prepared.view.update(progress),
    });
    prepared.view.finish();
    printReport(io, report, values.json);
    if (!values.json) {
      io.out(
        report.drift === 0
          ? report.fix
            ? "In step with Clerk now."
            : "No drift: the database is in step with Clerk."
          : report.fix
            ? `${report.drift} row(s) could not be fixed through the sync (see "not tombstoned").`
            : `Drift: ${report.drift} row(s). Run "clerk-sync reconcile --fix" to repair them.`,
      );
    }
    return report.drift === 0 ? 0 : 1;
  });
}
