import { describe, expect, it } from "vitest";
import type { RunProgress, RunReport } from "../backfill/index.js";
import type { CliIo } from "./io.js";
import { ProgressView, summaryTable } from "./progress.js";

function progress(done: number, extra: Partial<RunProgress> = {}): RunProgress {
  return {
    command: "backfill",
    runId: "backfill_1",
    group: "user",
    groupIndex: 0,
    groupCount: 3,
    phase: "list",
    round: 0,
    counts: {
      listed: done,
      written: done,
      missing: 0,
      stale: 0,
      deleted: 0,
      unfixable: 0,
      samples: { missing: [], stale: [], deleted: [] },
      total: 10_000,
    },
    done,
    total: 10_000,
    api: { requests: 4, rateLimited: 1, serverErrors: 0, waitedMs: 1000 },
    ...extra,
  };
}

function io(tty: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const status: string[] = [];
  const value: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: {},
    cwd: "/",
    onStop: () => () => {},
    ...(tty ? { status: (line: string) => status.push(line) } : {}),
  };
  return { io: value, out, err, status };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("ProgressView", () => {
  it("draws a bar with counts, rate and ETA on a terminal, and clears it at the end", async () => {
    const { io: terminal, status, out } = io(true);
    const view = new ProgressView(terminal, false);
    view.update(progress(0));
    await wait(250);
    view.update(progress(2_500));
    view.finish();
    expect(status[0]).toMatch(/^backfill 1\/3 user \[░{24}\] reading and writing 0\/10,000/);
    expect(status[1]).toMatch(
      /\[█{6}░{18}\] reading and writing 2,500\/10,000 [\d,]+\/s · ETA [\d.]+ s · 1× 429$/,
    );
    expect(status.at(-1)).toBe("");
    expect(out).toEqual([]);
  });

  it("prints plain lines elsewhere, a new one per group or phase and every few seconds at most", () => {
    const { io: pipe, out } = io(false);
    const view = new ProgressView(pipe, false);
    view.update(progress(500));
    view.update(progress(1_000));
    view.update(progress(100, { phase: "verify", round: 1 }));
    view.update(
      progress(100, {
        wait: {
          reason: "rate-limited",
          what: "users, offset 500",
          status: 429,
          ms: 2_000,
          attempt: 1,
        },
      }),
    );
    expect(out).toEqual([
      expect.stringMatching(/^backfill 1\/3 user: reading and writing 500\/10,000 \(5%\)/),
      expect.stringMatching(/^backfill 1\/3 user: comparing 100\/10,000 \(1%\)/),
      "Clerk answered 429 (rate limited): waiting 2.0 s before users, offset 500 (attempt 2)",
    ]);
  });

  it("keeps stdout for the JSON report with --json", () => {
    const { io: pipe, out } = io(false);
    const view = new ProgressView(pipe, true);
    view.update(progress(500));
    expect(out).toEqual([]);
  });
});

describe("summaryTable", () => {
  it("lines up one row per group", () => {
    const report = {
      command: "reconcile",
      fix: false,
      groups: [
        {
          ...progress(0).counts,
          group: "user",
          listed: 10_000,
          missing: 2,
          stale: 3,
          deleted: 1,
          rounds: 1,
          durationMs: 1,
        },
        {
          ...progress(0).counts,
          group: "invitation",
          listed: 40,
          deleted: 1,
          rounds: 1,
          durationMs: 1,
        },
      ],
    } as unknown as RunReport;
    expect(summaryTable(report)).toEqual([
      "group       in Clerk  missing  stale  deleted",
      "user          10,000        2      3        1",
      "invitation        40        0      0        1",
    ]);
  });
});
