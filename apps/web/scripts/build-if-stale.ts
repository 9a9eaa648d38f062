// Builds the library and the app's production build when their sources changed since the last
// build, so `demo`, the benchmark and the end-to-end tests always run current code.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_DIST_DIR } from "../next.config";
import { APP_DIR, prisma } from "./prisma";

const REPO = path.resolve(APP_DIR, "..", "..");
const LIBRARY = path.join(REPO, "packages", "clerk-sync");
const APP_INPUTS = ["src", "prisma", "next.config.ts", "postcss.config.mjs", "package.json"];

/** The latest modification time under `target`, skipping dependencies and generated code. */
function newest(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (["node_modules", "generated"].includes(entry.name) || entry.name.startsWith(".")) continue;
    latest = Math.max(latest, newest(path.join(target, entry.name)));
  }
  return latest;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env });
  if (result.status !== 0) {
    throw new Error(`\`${path.basename(command)} ${args.join(" ")}\` failed`);
  }
}

/** Rebuild whatever is out of date; returns what was built. */
export function buildIfStale(
  given: NodeJS.ProcessEnv = process.env,
  { app = true }: { app?: boolean } = {},
): string[] {
  // The demo promises no network: no usage telemetry from the build either.
  const env = { ...given, NEXT_TELEMETRY_DISABLED: given.NEXT_TELEMETRY_DISABLED ?? "1" };
  const built: string[] = [];
  const libraryBuilt = newest(path.join(LIBRARY, "dist"));
  if (libraryBuilt === 0) {
    console.log("build: building @acme/clerk-sync");
    run("pnpm", ["--filter", "@acme/clerk-sync", "build"], REPO, env);
    built.push("@acme/clerk-sync");
  } else if (newest(path.join(LIBRARY, "src")) > libraryBuilt) {
    console.log("build: @acme/clerk-sync changed, rebuilding it");
    try {
      run("pnpm", ["--filter", "@acme/clerk-sync", "build"], REPO, env);
      built.push("@acme/clerk-sync");
    } catch {
      // Mid-edit library sources should not stop the app from running on the last good build.
      console.warn("build: @acme/clerk-sync does not build right now; using its previous build");
    }
  }
  if (!app) return built;
  // The benchmark's build (CLERK_SYNC_BENCH=1) has a folder of its own (see next.config.ts).
  const distDir = given.CLERK_SYNC_BENCH === "1" ? BENCH_DIST_DIR : ".next";
  const buildId = path.join(APP_DIR, distDir, "BUILD_ID");
  const lastBuild = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const inputs = Math.max(
    ...APP_INPUTS.map((p) => newest(path.join(APP_DIR, p))),
    newest(path.join(LIBRARY, "dist")),
  );
  if (lastBuild < inputs) {
    console.log("build: building the app (next build; about a minute the first time)");
    if (prisma(["generate"], env) !== 0) throw new Error("prisma generate failed");
    run(path.join(APP_DIR, "node_modules", ".bin", "next"), ["build"], APP_DIR, env);
    built.push("web");
  }
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    // `--library`: only the kit, for `next dev`, which compiles the app itself.
    buildIfStale(process.env, { app: !process.argv.includes("--library") });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
