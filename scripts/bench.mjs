#!/usr/bin/env node
// `pnpm bench`: every benchmark, one after the other, with its figures saved as JSON and drawn
// as one SVG chart per benchmark, plus a README that shows them with the machine they ran on.
//
//   pnpm bench                       # full runs (about 15 minutes on 2 cores)
//   pnpm bench --quick               # fewer requests and events (a few minutes)
//   pnpm bench --only ingest,apply   # some of them
//   pnpm bench --out docs/benchmarks/before
//   pnpm bench --report              # charts and README again from the saved JSON
//
// It runs the benchmarks' own scripts (`bench:ingest`, `bench:apply`, `bench:backfill`) and
// reads what they write; it measures nothing itself. Figures from a shared or busy machine are
// noisy: compare the ratios within one run (kit / ceiling, 2 workers / 1), not absolute numbers.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const flag = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const OUT = path.resolve(ROOT, flag("--out") ?? "docs/benchmarks");
const ONLY = (flag("--only") ?? "ingest,apply,backfill").split(",");

/** Each benchmark: the command that runs it and its settings, full and quick. */
const BENCHMARKS = {
  ingest: {
    command: ["bench:ingest"],
    env: quick
      ? { BENCH_N: "600", BENCH_RATE_SECONDS: "5" }
      : { BENCH_N: "2000", BENCH_RATE_SECONDS: "15" },
  },
  apply: {
    command: ["--filter", "@acme/clerk-sync", "bench:apply"],
    env: quick ? { BENCH_N: "1500" } : { BENCH_N: "5000" },
  },
  backfill: {
    command: ["bench:backfill"],
    env: quick ? { BENCH_SCALE: "0.1" } : { BENCH_SCALE: "0.5" },
  },
};

fs.mkdirSync(OUT, { recursive: true });
const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()}/${os.arch()} ${os.release()}`,
  node: process.version,
  loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  date: new Date().toISOString(),
  quick,
};

// ---- charts: hand-written SVG, grouped horizontal bars -----------------------------------------

const COLORS = ["#64748b", "#2563eb", "#16a34a", "#d97706", "#9333ea"];
const xml = (text) =>
  String(text).replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c],
  );

/**
 * One panel: `groups` of bars, each bar `{ label, value, note? }`, drawn to the same scale.
 * Returns the SVG fragment and its height.
 */
function panel({ title, unit, groups, series }, top, width) {
  const left = 150;
  const right = 120;
  const bar = 16;
  const gap = 4;
  const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => b.value || 0)));
  const scale = (width - left - right) / max;
  let y = top + 44;
  const parts = [
    `<text x="16" y="${top + 20}" font-size="15" font-weight="600">${xml(title)}</text>`,
  ];
  series.forEach((name, i) => {
    const x = left + i * 170;
    parts.push(
      `<rect x="${x}" y="${top + 28}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 14}" y="${top + 37}" font-size="11">${xml(name)}</text>`,
    );
  });
  y += 8;
  for (const group of groups) {
    const height = group.bars.length * (bar + gap);
    parts.push(
      `<text x="${left - 10}" y="${y + height / 2 + 4}" font-size="12" text-anchor="end">${xml(group.label)}</text>`,
    );
    group.bars.forEach((b, i) => {
      const w = Math.max(1, (b.value || 0) * scale);
      const color = COLORS[series.indexOf(b.label) % COLORS.length];
      parts.push(
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${color}"/>`,
        `<text x="${left + w + 6}" y="${y + bar - 4}" font-size="11">${xml(formatNumber(b.value))} ${xml(unit)}${b.note ? ` · ${xml(b.note)}` : ""}</text>`,
      );
      y += bar + gap;
      if (i === group.bars.length - 1) y += 10;
    });
  }
  return { svg: parts.join("\n"), height: y - top + 6 };
}

function chart(title, subtitle, panels) {
  const width = 820;
  let top = 52;
  const body = [];
  for (const p of panels) {
    const drawn = panel(p, top, width);
    body.push(drawn.svg);
    top += drawn.height + 10;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top}" viewBox="0 0 ${width} ${top}" font-family="system-ui, sans-serif" fill="#0f172a">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="16" y="26" font-size="18" font-weight="700">${xml(title)}</text>
<text x="16" y="44" font-size="11" fill="#475569">${xml(subtitle)}</text>
${body.join("\n")}
</svg>
`;
}

function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "-";
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1);
}

function machineLine(m = {}) {
  return `${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, load ${m.loadAverage?.join(" ")}${m.quick ? ", quick mode" : ""} · ${m.date?.slice(0, 16)}`;
}

const ROUTE_LABELS = {
  ceiling: "verify-only (ceiling)",
  inline: "kit, inline",
  bullmq: "kit, BullMQ ack only",
};

const CHARTS = {
  ingest(f) {
    const routes = [...new Set(f.results.map((r) => r.route))];
    const series = routes.map((r) => ROUTE_LABELS[r] ?? r);
    const closed = [
      ...new Set(f.results.filter((r) => r.loop === "closed").map((r) => r.connections)),
    ];
    const rates = [...new Set(f.results.filter((r) => r.loop === "open").map((r) => r.rate))];
    const bars = (where, key) =>
      routes
        .map((route) => f.results.find((r) => r.route === route && where(r)))
        .filter(Boolean)
        .map((r) => ({
          label: ROUTE_LABELS[r.route] ?? r.route,
          value: r[key],
          note: `${r.cpuMsPerRequest?.toFixed(2)} ms CPU/req`,
        }));
    return chart("Ingest: acknowledgements per second", machineLine(f.machine), [
      {
        title: `Throughput, closed loop (${f.n} deliveries per run)`,
        unit: "req/s",
        series,
        groups: closed.map((c) => ({
          label: `${c} connections`,
          bars: bars((r) => r.loop === "closed" && r.connections === c, "throughput"),
        })),
      },
      {
        title: `p99 latency, open loop (${f.rateSeconds} s per rate; lower is better)`,
        unit: "ms",
        series,
        groups: rates.map((rate) => ({
          label: `${rate} req/s`,
          bars: bars((r) => r.loop === "open" && r.rate === rate, "p99"),
        })),
      },
    ]);
  },
  apply(f) {
    const providers = [...new Set(f.results.map((r) => r.provider))];
    const workers = [...new Set(f.results.map((r) => r.workers))];
    const series = workers.map((w) => `${w} worker${w > 1 ? "s" : ""}`);
    return chart(`Apply: events per second (${f.mode})`, machineLine(f.machine), [
      {
        title: `${f.n} pending deliveries to synced rows`,
        unit: "ev/s",
        series,
        groups: providers.map((p) => ({
          label: p,
          bars: f.results
            .filter((r) => r.provider === p)
            .map((r) => ({
              label: `${r.workers} worker${r.workers > 1 ? "s" : ""}`,
              value: r.eventsPerSecond,
              note: `${r.cpuMsPerEvent.toFixed(2)} ms CPU/event`,
            })),
        })),
      },
    ]);
  },
  backfill(f) {
    const providers = [...new Set(f.results.map((r) => r.provider))];
    const passes = [...new Set(f.results.map((r) => r.pass))];
    return chart("Backfill: objects per second", machineLine(f.machine), [
      {
        title: `Scale ${f.scale} of the default fake instance`,
        unit: "obj/s",
        series: providers,
        groups: passes.map((pass) => ({
          label: pass.split(" (")[0].split(",")[0].slice(0, 22),
          bars: f.results
            .filter((r) => r.pass === pass)
            .map((r) => ({
              label: r.provider,
              value: r.objectsPerSecond,
              note: `${r.cpuMsPerObject.toFixed(3)} ms CPU/obj`,
            })),
        })),
      },
    ]);
  },
};

// ---- README: the tables, the charts and the machine ------------------------------------------

function read(dir, name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8"));
  } catch {
    return undefined;
  }
}

function readme() {
  const now = {
    ingest: read(OUT, "ingest"),
    apply: read(OUT, "apply"),
    backfill: read(OUT, "backfill"),
  };
  const lines = [
    "# Benchmarks",
    "",
    "Written by `pnpm bench` (`pnpm bench --quick` for a shorter run); every figure is in the JSON",
    "beside its chart. The machine is named in each chart. On a shared or busy machine absolute",
    "figures move from run to run: read the ratios within one run (kit / ceiling, 2 workers / 1).",
    "",
  ];
  if (now.ingest) {
    const m = now.ingest.machine;
    lines.push("## Ingest", "", `![ingest](ingest.svg)`, "", `Machine: ${machineLine(m)}.`, "");
    lines.push(
      "| route | load | req/s | p50 ms | p99 ms | CPU ms/req | vs ceiling |",
      "|---|---|---|---|---|---|---|",
    );
    for (const r of now.ingest.results) {
      const base = now.ingest.results.find(
        (b) =>
          b.route === "ceiling" &&
          b.loop === r.loop &&
          b.connections === r.connections &&
          b.rate === r.rate,
      );
      const ratio =
        r.loop === "closed"
          ? `${(r.throughput / base.throughput).toFixed(2)}× req/s`
          : `${(r.p99 / base.p99).toFixed(2)}× p99`;
      lines.push(
        `| ${ROUTE_LABELS[r.route] ?? r.route} | ${r.loop === "closed" ? `${r.connections} conn` : `${r.rate} req/s open`} | ${r.throughput.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuMsPerRequest?.toFixed(2)} | ${ratio} |`,
      );
    }
    const synced = now.ingest.results.filter((r) => r.syncedAfterLastAckS !== undefined);
    if (synced.length > 0) {
      lines.push("", "Inline: every delivery synced this long after the last acknowledgement:", "");
      for (const r of synced) {
        lines.push(
          `- ${r.loop === "closed" ? `${r.connections} connections` : `${r.rate} req/s`}: ${r.syncedAfterLastAckS === null ? "not within 2 minutes" : `${r.syncedAfterLastAckS.toFixed(2)} s`} (server CPU ${r.cpuMsPerEventSynced?.toFixed(2)} ms per delivery, processing included)`,
        );
      }
    }
    lines.push("");
  }
  if (now.apply) {
    lines.push(
      "## Apply",
      "",
      `![apply](apply.svg)`,
      "",
      `Machine: ${machineLine(now.apply.machine)}.`,
      "",
    );
    lines.push(
      "| provider | workers | events/s | ev/s per worker | CPU ms/event |",
      "|---|---|---|---|---|",
    );
    for (const r of now.apply.results) {
      lines.push(
        `| ${r.provider} | ${r.workers} | ${r.eventsPerSecond.toFixed(0)} | ${r.eventsPerSecondPerWorker.toFixed(0)} | ${r.cpuMsPerEvent.toFixed(2)} |`,
      );
    }
    lines.push("");
  }
  if (now.backfill) {
    lines.push(
      "## Backfill",
      "",
      `![backfill](backfill.svg)`,
      "",
      `Machine: ${machineLine(now.backfill.machine)}.`,
      "",
    );
    lines.push("| provider | pass | objects/s | CPU ms/object |", "|---|---|---|---|");
    for (const r of now.backfill.results) {
      lines.push(
        `| ${r.provider} | ${r.pass} | ${r.objectsPerSecond.toFixed(0)} | ${r.cpuMsPerObject.toFixed(3)} |`,
      );
    }
    lines.push("");
  }
  const before = path.join(OUT, "before");
  if (fs.existsSync(before)) lines.push(...comparison(before, now));
  const notes = path.join(OUT, "NOTES.md");
  if (fs.existsSync(notes)) lines.push(fs.readFileSync(notes, "utf8"));
  return `${lines.join("\n")}\n`;
}

function main() {
  // --report: draw the charts and the README again from the JSON already there.
  if (args.includes("--report")) {
    for (const name of Object.keys(BENCHMARKS)) {
      const figures = read(OUT, name);
      if (!figures) continue;
      if (!figures.machine) {
        // Written by the benchmark's own script, run on its own: name this machine now.
        figures.machine = machine;
        fs.writeFileSync(path.join(OUT, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
      }
      fs.writeFileSync(path.join(OUT, `${name}.svg`), CHARTS[name](figures));
    }
    fs.writeFileSync(path.join(OUT, "README.md"), readme());
    return;
  }
  for (const name of ONLY) {
    const bench = BENCHMARKS[name];
    if (!bench) throw new Error(`unknown benchmark "${name}" (ingest, apply, backfill)`);
    const json = path.join(OUT, `${name}.json`);
    console.log(`\n== ${name}: pnpm ${bench.command.join(" ")}`);
    const result = spawnSync("pnpm", bench.command, {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, ...bench.env, BENCH_JSON: json },
    });
    if (result.status !== 0) {
      console.error(`bench: ${name} failed (exit ${result.status})`);
      process.exitCode = 1;
      continue;
    }
    const figures = JSON.parse(fs.readFileSync(json, "utf8"));
    figures.machine = {
      ...machine,
      loadAverageAfter: os.loadavg().map((x) => Number(x.toFixed(2))),
    };
    fs.writeFileSync(json, `${JSON.stringify(figures, null, 2)}\n`);
    fs.writeFileSync(path.join(OUT, `${name}.svg`), CHARTS[name](figures));
  }
  fs.writeFileSync(path.join(OUT, "README.md"), readme());
  console.log(`\nbench: figures and charts in ${path.relative(ROOT, OUT) || "."}`);
}

main();

/** Key figures of an earlier run (`before/`, e.g. the code before a change) beside this one's. */
function comparison(dir, now) {
  const then = {
    ingest: read(dir, "ingest"),
    apply: read(dir, "apply"),
    backfill: read(dir, "backfill"),
  };
  const rows = [];
  const ratio = (a, b) => (a && b ? `${(b / a).toFixed(2)}×` : "-");
  const fmt = (x, digits = 0) => (x === undefined || x === null ? "-" : x.toFixed(digits));
  if (then.ingest && now.ingest) {
    for (const r of now.ingest.results) {
      const b = then.ingest.results.find(
        (x) =>
          x.route === r.route &&
          x.loop === r.loop &&
          x.connections === r.connections &&
          x.rate === r.rate,
      );
      const load = r.loop === "closed" ? `${r.connections} conn` : `${r.rate} req/s`;
      const key = r.loop === "closed" ? "throughput" : "p99";
      const unit = r.loop === "closed" ? "req/s" : "p99 ms";
      const base = (res, x) =>
        res.results.find(
          (c) =>
            c.route === "ceiling" &&
            c.loop === x.loop &&
            c.connections === x.connections &&
            c.rate === x.rate,
        );
      const vs = (res, x) => (x && base(res, x) ? (x[key] / base(res, x)[key]).toFixed(2) : "-");
      rows.push(
        `| ingest ${ROUTE_LABELS[r.route] ?? r.route}, ${load} (${unit}) | ${fmt(b?.[key])} (${vs(then.ingest, b)}× ceiling) | ${fmt(r[key])} (${vs(now.ingest, r)}× ceiling) | ${fmt(b?.cpuMsPerRequest, 2)} → ${fmt(r.cpuMsPerRequest, 2)} |`,
      );
    }
  }
  if (then.apply && now.apply) {
    for (const r of now.apply.results) {
      const b = then.apply.results.find(
        (x) => x.provider === r.provider && x.workers === r.workers,
      );
      rows.push(
        `| apply ${r.provider}, ${r.workers} worker${r.workers > 1 ? "s" : ""} (events/s) | ${fmt(b?.eventsPerSecond)} | ${fmt(r.eventsPerSecond)} (${ratio(b?.eventsPerSecond, r.eventsPerSecond)}) | ${fmt(b?.cpuMsPerEvent, 2)} → ${fmt(r.cpuMsPerEvent, 2)} |`,
      );
    }
  }
  if (rows.length === 0) return [];
  return [
    "## Before and after",
    "",
    `Before: \`before/\` (${then.ingest?.machine?.date?.slice(0, 16) ?? then.apply?.machine?.date?.slice(0, 16) ?? "?"}); after: this run. Same machine, same settings; the machine was shared, so read the ratios.`,
    "",
    "| figure | before | after | CPU ms per event, before → after |",
    "|---|---|---|---|",
    ...rows,
    "",
  ];
}
