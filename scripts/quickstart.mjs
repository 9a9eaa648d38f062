#!/usr/bin/env node
// The two quick-start commands (`npm run demo`, `npm test`) on a machine that has only Node.js:
// find or fetch the pinned pnpm, install, then run the demo or the whole test suite.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split(
  "@",
)[1];

const TASKS = {
  demo: [["install"], ["--filter", "web", "demo"]],
  test: [
    ["install", "--frozen-lockfile"],
    [
      "exec",
      "turbo",
      "run",
      "lint",
      "lint:repo",
      "typecheck",
      "build",
      "test",
      "test:e2e",
      // Two at a time: the suites that wait on installs and servers overlap with those that
      // compute, and each keeps its own databases, Redis keys and ports.
      "--concurrency=2",
    ],
  ],
};

const task = process.argv[2];
if (!(task in TASKS)) {
  console.error(`usage: node scripts/quickstart.mjs <${Object.keys(TASKS).join("|")}>`);
  process.exit(2);
}

const [major] = process.versions.node.split(".").map(Number);
const [, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node.js 20.19 or newer is required; this is ${process.versions.node}.`);
  process.exit(1);
}

const env = { ...process.env };
// node-gyp (better-sqlite3) honours the user's npm `nodedir`; pnpm does not read it from .npmrc.
if (!env.npm_config_nodedir) {
  const nodedir = capture("npm", ["config", "get", "nodedir"]);
  if (nodedir && nodedir !== "undefined" && nodedir !== "null") env.npm_config_nodedir = nodedir;
}

const pnpm =
  capture("pnpm", ["--version"]) === pinned
    ? ["pnpm"]
    : ["npm", "exec", "--yes", `--package=pnpm@${pinned}`, "--", "pnpm"];
if (pnpm.length > 1)
  console.log(`Using pnpm ${pinned} through npm exec (no matching pnpm on PATH).`);

for (const args of TASKS[task]) {
  const [command, ...rest] = [...pnpm, ...args];
  const result = spawnSync(command, rest, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function capture(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: process.env });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
