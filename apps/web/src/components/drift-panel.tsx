import { canTombstone, type GroupReport, latestRun } from "@acme/clerk-sync/backfill";
import type { ReactNode } from "react";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";

interface RecordedReport {
  groups?: GroupReport[];
  fix?: boolean;
}

/**
 * The latest `clerk-sync reconcile`: is the database in step with Clerk, and where it is not,
 * how many rows are missing, stale, or deleted in Clerk, per group. `children` are the demo's
 * buttons.
 */
export async function DriftPanel({ now, children }: { now: Date; children?: ReactNode }) {
  const [reconcile, backfill] = await Promise.all([
    latestRun(prisma, "reconcile"),
    latestRun(prisma, "backfill"),
  ]);
  const report = (reconcile?.result ?? {}) as RecordedReport;
  const groups = report.groups ?? [];
  const drift = reconcile?.drift ?? 0;
  const listed = (backfill?.result as RecordedReport | undefined)?.groups?.reduce(
    (n, g) => n + g.listed,
    0,
  );
  return (
    <div className="grid gap-4 xl:grid-cols-[2fr_1fr]" data-testid="drift-panel">
      <div className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
        {reconcile ? (
          <>
            <p
              className={`text-lg font-semibold ${drift === 0 ? "text-emerald-700" : "text-red-700"}`}
              data-testid="drift-status"
              data-drift={drift}
              data-run-id={reconcile.id}
            >
              {drift === 0
                ? report.fix
                  ? "In step with Clerk (fixed)"
                  : "In step with Clerk"
                : `${drift} row${drift === 1 ? "" : "s"} out of step`}
            </p>
            <p className="mt-1 text-xs text-zinc-500">
              Last reconcile <Time date={reconcile.startedAt} now={now} />
              {report.fix ? ", with --fix" : ""}.
              {backfill ? (
                <>
                  {" "}
                  Last backfill <Time date={backfill.startedAt} now={now} />
                  {listed !== undefined ? `, ${listed} objects` : ""}.
                </>
              ) : null}
            </p>
            <table className="mt-3 w-full text-sm" aria-label="Drift by group">
              <thead>
                <tr className="text-left text-xs text-zinc-500">
                  <th className="py-1 font-medium">Group</th>
                  <th className="py-1 text-right font-medium">In Clerk</th>
                  <th className="py-1 text-right font-medium">Missing here</th>
                  <th className="py-1 text-right font-medium">Stale here</th>
                  <th className="py-1 text-right font-medium">Deleted in Clerk</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 tabular-nums">
                {groups.map((g) => (
                  <tr
                    key={g.group}
                    data-testid="drift-group"
                    data-group={g.group}
                    data-missing={g.missing}
                    data-stale={g.stale}
                    data-deleted={g.deleted}
                  >
                    <td className="py-1 font-mono text-xs">{g.group}</td>
                    <td className="py-1 text-right">{g.listed}</td>
                    <Count value={g.missing} />
                    <Count value={g.stale} />
                    <Count value={g.deleted} />
                  </tr>
                ))}
              </tbody>
            </table>
            {groups.some((g) => g.deleted > 0 && !canTombstone(g.group)) ? (
              <p className="mt-2 text-xs text-zinc-500">
                Clerk sends no delete event for{" "}
                {groups
                  .filter((g) => g.deleted > 0 && !canTombstone(g.group))
                  .map((g) => g.group)
                  .join(", ")}
                : <code>--fix</code> cannot tombstone those rows through the sync; delete them
                yourself if they should go.
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-zinc-600" data-testid="drift-status" data-drift="none">
            No reconcile yet. <code>clerk-sync reconcile</code> compares this database with Clerk
            (rows missing, stale, or deleted in Clerk) and records the result here; run it from cron
            or CI, with <code>--fix</code> to repair what it finds.
          </p>
        )}
      </div>
      {children}
    </div>
  );
}

function Count({ value }: { value: number }) {
  return (
    <td className={`py-1 text-right ${value > 0 ? "font-semibold text-red-700" : "text-zinc-500"}`}>
      {value}
    </td>
  );
}
