import type { RunProgress, RunReport } from "../backfill/index.js";
import type { CliIo } from "./io.js";

const BAR_WIDTH = 24;
/** Plain progress lines (no terminal) at most this often, so logs stay readable. */
const LINE_EVERY_MS = 2_000;
/** Redraw a terminal's progress bar at most this often. */
const DRAW_EVERY_MS = 100;

const PHASES = {
  list: "reading and writing",
  verify: "comparing",
  sweep: "checking rows not listed",
} as const;

/**
 * Shows a backfill's or reconcile's progress: a bar with counts, rate and ETA on a terminal,
 * a plain line every few seconds elsewhere (CI logs, pipes). With `--json` stdout is kept for the
 * report, so only the terminal's status line shows.
 */
export class ProgressView {
  private phaseKey = "";
  private phaseStarted = 0;
  private lastLine = 0;
  private lastDraw = 0;

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
  ) {}

  update(progress: RunProgress): void {
    const now = performance.now();
    const key = `${progress.group}:${progress.phase}:${progress.round}`;
    const changed = key !== this.phaseKey;
    if (changed) {
      this.phaseKey = key;
      this.phaseStarted = now;
    }
    if (progress.wait) {
      const { wait } = progress;
      const why =
        wait.reason === "rate-limited"
          ? "Clerk answered 429 (rate limited)"
          : `Clerk ${wait.status ? `answered ${wait.status}` : "did not answer"}`;
      this.line(
        `${why}: waiting ${seconds(wait.ms)} before ${wait.what} (attempt ${wait.attempt + 1})`,
      );
      return;
    }
    const elapsed = (now - this.phaseStarted) / 1000;
    const rate = elapsed > 0.2 ? progress.done / elapsed : undefined;
    const share =
      progress.total && progress.total > 0
        ? Math.min(1, progress.done / progress.total)
        : undefined;
    const eta =
      share !== undefined && rate && progress.total
        ? (progress.total - progress.done) / rate
        : undefined;
    const label = `${progress.command} ${progress.groupIndex + 1}/${progress.groupCount} ${progress.group}`;
    const counts = `${number(progress.done)}${progress.total !== null ? `/${number(progress.total)}` : ""}`;
    const extras = [
      rate !== undefined ? `${number(Math.round(rate))}/s` : undefined,
      eta !== undefined ? `ETA ${seconds(eta * 1000)}` : undefined,
      progress.api.rateLimited > 0 ? `${progress.api.rateLimited}× 429` : undefined,
      progress.round > 1 ? `pass ${progress.round}` : undefined,
    ].filter(Boolean);
    if (this.io.status) {
      if (!changed && now - this.lastDraw < DRAW_EVERY_MS) return;
      this.lastDraw = now;
      const bar =
        share === undefined
          ? ""
          : `[${"█".repeat(Math.round(share * BAR_WIDTH)).padEnd(BAR_WIDTH, "░")}] `;
      this.io.status(`${label} ${bar}${PHASES[progress.phase]} ${counts} ${extras.join(" · ")}`);
      return;
    }
    if (this.json || (!changed && now - this.lastLine < LINE_EVERY_MS)) return;
    this.lastLine = now;
    this.io.out(
      `${label}: ${PHASES[progress.phase]} ${counts}${share !== undefined ? ` (${Math.round(share * 100)}%)` : ""}${extras.length > 0 ? `, ${extras.join(", ")}` : ""}`,
    );
  }

  /** Clear the status line before the summary. */
  finish(): void {
    this.io.status?.("");
  }

  private line(text: string): void {
    if (this.io.status) {
      this.io.status("");
      this.io.err(text);
    } else if (!this.json) {
      this.io.out(text);
    }
  }
}

/**
 * The summary at the end: one row per group, then the totals and Clerk's pushback.
 *
 * @example summaryTable(report) // "group   listed  written  missing  stale  deleted  time\n…"
 */
export function summaryTable(report: RunReport): string[] {
  const reconcile = report.command === "reconcile";
  const header = reconcile
    ? ["group", "in Clerk", "missing", "stale", "deleted", ...(report.fix ? ["fixed"] : [])]
    : ["group", "listed", "written", "missing", "stale", "deleted", "time"];
  const rows = report.groups.map((g) => {
    const fixed = g.missing + g.stale + g.deleted - g.unfixable;
    return reconcile
      ? [
          g.group,
          number(g.listed),
          number(g.missing),
          number(g.stale),
          number(g.deleted) + (g.unfixable > 0 ? ` (${number(g.unfixable)} not tombstoned)` : ""),
          ...(report.fix ? [number(fixed)] : []),
        ]
      : [
          g.group,
          number(g.listed),
          number(g.written),
          number(g.missing),
          number(g.stale),
          number(g.deleted),
          seconds(g.durationMs),
        ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ");
  return [format(header), ...rows.map(format)];
}

export function number(value: number): string {
  return value.toLocaleString("en-US");
}

export function seconds(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
