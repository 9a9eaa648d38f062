import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT, TMP_DIR } from "./paths";

/**
 * Everything the generated fixture apps import, installed once into a directory of its own
 * (`.tmp/deps/<hash>`, reused across runs) and linked into each app as its node_modules. The
 * library is linked from the workspace. Native builds are skipped: type-checking needs none.
 */
const MANIFEST = {
  name: "generators-fixture-deps",
  private: true,
  dependencies: {
    "@acme/clerk-sync": `link:${path.join(REPO_ROOT, "packages", "clerk-sync")}`,
    "@clerk/nextjs": "7.9.17",
    "@prisma/adapter-better-sqlite3": "7.10.0",
    "@prisma/adapter-pg": "7.10.1",
    "@prisma/client": "7.10.0",
    "@types/better-sqlite3": "7.6.13",
    "@types/node": "20.19.43",
    "@types/pg": "8.23.1",
    "@types/react": "19.3.0",
    "@types/react-dom": "19.3.0",
    bullmq: "6.7.0",
    ioredis: "5.9.3",
    next: "16.4.3",
    pg: "8.23.1",
    prisma: "7.10.1",
    react: "19.3.0",
    "react-dom": "19.3.0",
    typescript: "5.9.3",
  },
};

const WORKSPACE = `allowBuilds:
  better-sqlite3: false
  msgpackr-extract: false
  prisma: false
  "@prisma/engines": false
  sharp: false
  unrs-resolver: false
`;

/** The shared node_modules for the fixture apps (installed on first use). */
export function fixtureDeps(): string {
  const hash = crypto
    .createHash("sha256")
    .update(JSON.stringify(MANIFEST) + WORKSPACE)
    .digest("hex")
    .slice(0, 12);
  const dir = path.join(TMP_DIR, "deps", hash);
  const done = path.join(dir, ".installed");
  if (!fs.existsSync(done)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(MANIFEST, null, 2));
    fs.writeFileSync(path.join(dir, "pnpm-workspace.yaml"), WORKSPACE);
    const install = ["pnpm", "install", "--prefer-offline"];
    // One pnpm install at a time on a shared machine: the workspace's installs take this lock.
    const command = fs.existsSync("/usr/bin/flock")
      ? ["/usr/bin/flock", "/tmp/pnpm-install.lock", ...install]
      : install;
    execFileSync(command[0] as string, command.slice(1), {
      cwd: dir,
      stdio: "pipe",
      timeout: 600_000,
    });
    fs.writeFileSync(done, new Date().toISOString());
  }
  return path.join(dir, "node_modules");
}

/** Give an app the shared node_modules. */
export function linkDeps(appDir: string): void {
  const link = path.join(appDir, "node_modules");
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(fixtureDeps(), link, "dir");
}
