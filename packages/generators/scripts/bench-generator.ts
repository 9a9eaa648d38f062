// How long the whole `webhook-event` command takes, as a user runs it (a new process each time):
// on a fresh create-next-app app (next16-src, groups user, organization, organizationMembership),
// again on the same app (every file skipped), and as a dry run on an app with a middleware of its
// own to edit (the Next 14.2 + Clerk 5 adoption fixture), beside the same runs through plop.
// Wall time, CPU time (user + sys) and peak memory of each process, medians; the load average
// says how busy the machine was. Usage: pnpm bench [runs]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const runs = Number(process.argv[2] ?? 7);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const fixtures = path.join(root, "packages/generators/test/fixtures");
const cli = path.join(root, "packages/generators/bin/webhook-event.mjs");
const plop = [
  "--import",
  "tsx",
  path.join(root, "node_modules/plop/bin/plop.js"),
  "--plopfile",
  path.join(root, "plopfile.ts"),
  "--no-progress",
  "webhook-event",
];
const groups = "user,organization,organizationMembership";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gen-bench-"));
const timeFile = path.join(scratch, "time");

interface Sample {
  wall: number;
  cpu: number;
  rssMiB: number;
}

function freshApp(fixture: string, label: string): string {
  const app = path.join(scratch, `${label}-${Math.random().toString(36).slice(2)}`);
  fs.cpSync(path.join(fixtures, fixture), app, { recursive: true });
  return app;
}

/** One process under /usr/bin/time: its wall time, CPU time and peak resident memory. */
function measure(args: string[]): Sample {
  execFileSync("/usr/bin/time", ["-o", timeFile, "-f", "%e %U %S %M", process.execPath, ...args], {
    cwd: root,
    stdio: "ignore",
  });
  const [wall, user, sys, kb] = fs.readFileSync(timeFile, "utf8").trim().split(/\s+/).map(Number);
  return {
    wall: wall as number,
    cpu: (user as number) + (sys as number),
    rssMiB: (kb as number) / 1024,
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function bench(label: string, args: (i: number) => string[]): Sample {
  measure(args(-1)); // warm the file-system caches and jiti's transpile cache
  const samples = Array.from({ length: runs }, (_, i) => measure(args(i)));
  const result = {
    wall: median(samples.map((s) => s.wall)),
    cpu: median(samples.map((s) => s.cpu)),
    rssMiB: median(samples.map((s) => s.rssMiB)),
  };
  console.log(
    `${label.padEnd(44)} wall ${result.wall.toFixed(2)} s  cpu ${result.cpu.toFixed(2)} s  ${result.rssMiB.toFixed(0)} MiB  (walls: ${samples.map((s) => s.wall.toFixed(2)).join(" ")})`,
  );
  return result;
}

console.log(
  `${runs} runs each, medians; load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} CPUs`,
);
const fresh = bench("webhook-event, fresh app", () => [
  cli,
  "--appDir",
  freshApp("next16-src", "cli"),
  "--groups",
  groups,
]);
const rerunApp = freshApp("next16-src", "rerun");
measure([cli, "--appDir", rerunApp, "--groups", groups]);
const rerun = bench("webhook-event, rerun (every file skipped)", () => [
  cli,
  "--appDir",
  rerunApp,
  "--groups",
  groups,
]);
const adoption = "adoption/a-next14-clerk5-protected-list";
const dry = bench("webhook-event --dryRun, existing middleware", () => [
  cli,
  "--appDir",
  freshApp(adoption, "dry"),
  "--groups",
  groups,
  "--dryRun",
]);
const plopFresh = bench("plop webhook-event, fresh app", () => [
  ...plop,
  freshApp("next16-src", "plop"),
  groups,
  "auto",
  "auto",
  "n",
]);
const plopDry = bench("plop webhook-event, dry run, existing middleware", () => [
  ...plop,
  freshApp(adoption, "plopdry"),
  groups,
  "auto",
  "auto",
  "y",
]);
console.log(
  `ratios (plop / webhook-event): fresh ${(plopFresh.wall / fresh.wall).toFixed(2)}× wall, ${(plopFresh.cpu / fresh.cpu).toFixed(2)}× cpu; dry run ${(plopDry.wall / dry.wall).toFixed(2)}× wall, ${(plopDry.cpu / dry.cpu).toFixed(2)}× cpu`,
);
console.log(
  `slowest webhook-event median: ${Math.max(fresh.wall, rerun.wall, dry.wall).toFixed(2)} s wall`,
);
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
fs.rmSync(scratch, { recursive: true, force: true });
