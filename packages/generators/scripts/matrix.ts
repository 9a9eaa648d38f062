// Every adoption fixture (test/fixtures/adoption) through every step a user takes: generate,
// rerun (zero diff), install the packed kit from a local registry with the command the
// generator printed, typecheck, next build, next start with a pk_live_ placeholder, then the
// webhook route, a protected route and a sibling path over HTTP. Prints the fixture × step table.
// Usage: pnpm matrix [fixture-prefix …]   (e.g. pnpm matrix a g)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ADOPTION_FIXTURES } from "../test/adoption/fixtures";
import { AdoptionJourney, formatTable, startKitRegistry } from "../test/adoption/journey";

const only = process.argv.slice(2);
const fixtures = ADOPTION_FIXTURES.filter(
  (f) => only.length === 0 || only.some((prefix) => f.name.startsWith(prefix)),
);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "adoption-matrix-"));
const registry = await startKitRegistry(workDir);
const journeys: AdoptionJourney[] = [];
const started = performance.now();
try {
  for (const fixture of fixtures) {
    const journey = new AdoptionJourney(fixture, registry, workDir);
    journeys.push(journey);
    process.stdout.write(`${fixture.label} …\n`);
    try {
      await journey.all();
    } finally {
      await journey.stop();
    }
    for (const [step, result] of journey.results) {
      if (!result.ok) process.stdout.write(`  ✗ ${step}: ${result.detail}\n`);
    }
  }
} finally {
  await registry.close();
  fs.rmSync(workDir, { recursive: true, force: true });
}
process.stdout.write(`\n${formatTable(journeys)}\n\n`);
process.stdout.write(`${((performance.now() - started) / 1000).toFixed(0)} s in all\n`);
const failed = journeys.filter((j) => [...j.results.values()].some((r) => !r.ok));
const passed = journeys.length - failed.length;
process.stdout.write(`${passed} passed, ${failed.length} failed\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
