// Runs the sync property tests with more runs than CI does:
//   pnpm test:property [runs per provider, default 10000] [route runs, default a tenth]
// Each provider's file runs on its own core; the figures are printed per provider and mode.
import { spawnSync } from "node:child_process";

const [runs = "10000", routeRuns] = process.argv.slice(2);
for (const [name, value] of [
  ["runs", runs],
  ["route runs", routeRuns ?? "1"],
]) {
  if (!/^[1-9]\d*$/.test(value)) {
    console.error(`property: ${name} must be a positive whole number, got "${value}"`);
    process.exit(2);
  }
}
const result = spawnSync(
  "vitest",
  ["run", "test/property-sync-sqlite.test.ts", "test/property-sync-postgresql.test.ts"],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      CLERK_SYNC_PROPERTY_RUNS: runs,
      ...(routeRuns ? { CLERK_SYNC_PROPERTY_ROUTE_RUNS: routeRuns } : {}),
    },
  },
);
process.exit(result.status ?? 1);
