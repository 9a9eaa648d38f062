// How long one `webhook-event` run takes on a fresh create-next-app app (the next16-src fixture,
// groups user, organization, organizationMembership): in process (what the create scaffold
// pays), and as a whole `plop` and `turbo gen` command. Usage: pnpm bench [runs]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const runs = Number(process.argv[2] ?? 5);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const fixture = path.join(root, "packages/generators/test/fixtures/next16-src");
const groups = "user,organization,organizationMembership";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gen-bench-"));

function freshApp(i: number, mode: string): string {
  const app = path.join(scratch, `${mode}-${i}`);
  fs.cpSync(fixture, app, { recursive: true });
  return app;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(label: string, once: (i: number) => void): void {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    once(i);
    samples.push(performance.now() - start);
  }
  const ms = samples.map((s) => s.toFixed(0)).join(", ");
  console.log(`${label.padEnd(34)} median ${median(samples).toFixed(0)} ms  (${ms})`);
}

const loadStart = performance.now();
const { runWebhookEventGenerator } = await import("../src/index.ts");
console.log(
  `${"load the generators (cold)".padEnd(34)} ${(performance.now() - loadStart).toFixed(0)} ms`,
);

const firstStart = performance.now();
runWebhookEventGenerator({ appDir: freshApp(0, "first"), groups: groups.split(",") });
console.log(
  `${"in process, first run".padEnd(34)} ${(performance.now() - firstStart).toFixed(0)} ms`,
);
time("in process, fresh app", (i) => {
  runWebhookEventGenerator({ appDir: freshApp(i, "warm"), groups: groups.split(",") });
});
time("in process, rerun (all skip)", (i) => {
  runWebhookEventGenerator({ appDir: path.join(scratch, `warm-${i}`), groups: groups.split(",") });
});
time("plop CLI, fresh app", (i) => {
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "node_modules/plop/bin/plop.js"),
      "--plopfile",
      path.join(root, "plopfile.ts"),
      "--no-progress",
      "webhook-event",
      freshApp(i, "plop"),
      groups,
      "auto",
      "auto",
      "n",
    ],
    { cwd: root, stdio: "ignore" },
  );
});
time("turbo gen (@turbo/gen raw), fresh app", (i) => {
  const args = [freshApp(i, "turbo"), groups, "auto", "auto", "n"];
  execFileSync(
    process.execPath,
    [
      path.join(root, "node_modules/@turbo/gen/dist/cli.js"),
      "raw",
      "run",
      "--json",
      JSON.stringify({ generator_name: "webhook-event", config: null, root: null, args }),
    ],
    { cwd: root, stdio: "ignore" },
  );
});
console.log(
  `load average: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} CPUs`,
);
fs.rmSync(scratch, { recursive: true, force: true });
