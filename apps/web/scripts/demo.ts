// The offline demo in one command: prepare settings and database, build what is out of date,
// serve the production build on http://localhost:3000 (PORT to change it).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { APP_DIR } from "./prisma";
import { setup } from "./setup";

const REPO = path.resolve(APP_DIR, "..", "..");
const LIBRARY = path.join(REPO, "packages", "clerk-sync");
const port = Number(process.env.PORT ?? 3000);

function newest(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith("."))
      continue;
    latest = Math.max(latest, newest(path.join(target, entry.name)));
  }
  return latest;
}

function run(command: string, args: string[], cwd: string, env = process.env): void {
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`demo: \`${command} ${args.join(" ")}\` failed`);
    process.exit(result.status ?? 1);
  }
}

const env = setup();

// The app imports the library's build output; rebuild it when its sources are newer.
if (newest(path.join(LIBRARY, "src")) > newest(path.join(LIBRARY, "dist"))) {
  console.log("demo: building @acme/clerk-sync");
  run("pnpm", ["--filter", "@acme/clerk-sync", "build"], REPO);
}

const buildId = path.join(APP_DIR, ".next", "BUILD_ID");
const inputs = ["src", "prisma", "next.config.ts", "postcss.config.mjs", "package.json"].map((p) =>
  newest(path.join(APP_DIR, p)),
);
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (built < Math.max(...inputs, newest(path.join(LIBRARY, "dist")))) {
  console.log("demo: building the app (next build, about a minute the first time)");
  run(path.join(APP_DIR, "node_modules", ".bin", "next"), ["build"], APP_DIR, env);
}

const server: ChildProcess = spawn(
  path.join(APP_DIR, "node_modules", ".bin", "next"),
  ["start", "--port", String(port)],
  { cwd: APP_DIR, stdio: ["ignore", "pipe", "inherit"], env: { ...env, PORT: String(port) } },
);
server.stdout?.pipe(process.stdout);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code) => process.exit(code ?? 0));

// Announce the URL once the server answers, after Next.js's own start-up lines.
const url = `http://localhost:${port}`;
for (let i = 0; i < 120; i++) {
  const up = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" }).then(
    () => true,
    () => false,
  );
  if (up) {
    console.log(`\n  clerk-sync demo ready: ${url}\n  (Ctrl+C to stop)\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
