import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runCommand } from "./support/commands.js";
import {
  addGroupWithPlop,
  appEnvFiles,
  CORNERS,
  type PublishedCreate,
  pnpmCreate,
  publishCreatePackage,
  type Variant,
  variantFlags,
  variantName,
  verifyScaffold,
} from "./support/scaffold.js";

const RECORD_CONNECTIONS = fileURLToPath(
  new URL("support/record-connections.cjs", import.meta.url),
);
/** Each corner scaffolds, installs, builds and starts a whole repo. */
const SLOW = 20 * 60_000;

let published: PublishedCreate;
let log: string;
let failed = false;

beforeAll(async () => {
  published = await publishCreatePackage(undefined, false);
  log = path.join(published.workDir, "e2e.log");
}, 300_000);

afterEach(({ task }) => {
  if (task.result?.state === "fail") failed = true;
});

afterAll(async () => {
  await published?.close();
  // A failure keeps the repos and the log (named in the failure) for a look.
  if (published && !failed) fs.rmSync(published.workDir, { recursive: true, force: true });
});

function workDir(name: string): string {
  const dir = path.join(published.workDir, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe("pnpm create @acme/clerk-sync, served from a registry on localhost", () => {
  it("resolves to the packed create package and runs its bin", async () => {
    const result = await pnpmCreate(published, workDir("help"), ["--help"], { log });
    expect(result.code).toBe(0);
    expect(result.output).toContain("Usage: pnpm create @acme/clerk-sync [directory] [options]");
    expect(published.registry.requests).toContain("@acme/create-clerk-sync");
  });

  it("refuses an unknown group before writing anything, listing the valid ones", async () => {
    const cwd = workDir("bad-flags");
    const result = await pnpmCreate(published, cwd, ["app", "--yes", "--groups", "user,users"], {
      log,
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('Unknown event group "users".');
    expect(result.output).toContain("Valid groups: user, organization, organizationDomain");
    expect(fs.existsSync(path.join(cwd, "app"))).toBe(false);
  });

  it("refuses a non-empty target directory", async () => {
    const cwd = workDir("taken");
    fs.mkdirSync(path.join(cwd, "app"));
    fs.writeFileSync(path.join(cwd, "app", "keep.txt"), "mine");
    const result = await pnpmCreate(published, cwd, ["app", "--yes"], { log });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("is not empty (keep.txt)");
    expect(fs.readdirSync(path.join(cwd, "app"))).toEqual(["keep.txt"]);
  });

  it("writes the whole repo without opening a single network connection", async () => {
    // The create package as pnpm create installed it (into this run's dlx cache).
    const cli = findFile(path.join(published.cacheHome, "pnpm"), (file) =>
      file.endsWith(path.join("node_modules", "@acme", "create-clerk-sync", "dist", "cli.js")),
    );
    expect(cli).toBeDefined();
    const cwd = workDir("offline");
    const connections = path.join(cwd, "connections.log");
    fs.writeFileSync(connections, "");
    const isolated = canIsolateNetwork();
    const command = isolated ? "unshare" : process.execPath;
    const args = [
      ...(isolated ? ["--net", process.execPath] : []),
      cli as string,
      "app",
      "--yes",
      "--no-install",
      "--groups",
      "all",
    ];
    const result = await runCommand(command, args, {
      cwd,
      log,
      env: cleanEnv({
        NODE_OPTIONS: `--require ${RECORD_CONNECTIONS}`,
        CONNECTIONS_LOG: connections,
        GIT_AUTHOR_NAME: "Test",
        GIT_AUTHOR_EMAIL: "test@example.com",
        GIT_COMMITTER_NAME: "Test",
        GIT_COMMITTER_EMAIL: "test@example.com",
      }),
    });
    expect(result.output).toContain("Created app in");
    expect(result.code).toBe(0);
    expect(fs.readFileSync(connections, "utf8")).toBe("");
    expect(fs.existsSync(path.join(cwd, "app", "apps/web/src/app/api/webhooks/route.ts"))).toBe(
      true,
    );
  }, 120_000);
});

describe.each(CORNERS.map((variant) => [variantName(variant), variant] as [string, Variant]))(
  "%s",
  (name, variant) => {
    let root: string;

    it(
      "is created by pnpm create, which installs it from the npm registry",
      async () => {
        const cwd = workDir("repos");
        const result = await pnpmCreate(published, cwd, [name, ...variantFlags(variant)], { log });
        expect(result.code, result.output).toBe(0);
        root = path.join(cwd, name);
        expect(result.output).toContain("Installed dependencies");
        expect(fs.existsSync(path.join(root, "node_modules", ".modules.yaml"))).toBe(true);
        expect(fs.existsSync(path.join(root, "pnpm-lock.yaml"))).toBe(true);
      },
      SLOW,
    );

    it(
      "runs its CI workflow's steps, serves its home page with the placeholder keys, refuses an unsigned POST, and a signed user.created lands in its database",
      async () => {
        expect(root).toBeDefined();
        expect(appEnvFiles(path.join(root, "apps/web")).NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY).toBe(
          "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k",
        );
        const report = await verifyScaffold(root, variant, log);
        expect(report.workflowSteps).toEqual([
          "pnpm install --frozen-lockfile",
          "pnpm lint",
          "pnpm typecheck",
          "pnpm build",
          "pnpm test",
        ]);
        // Two refusals, the first event of every synced group, and the duplicate check.
        const groups = variant.groups === "all" ? 14 : 3;
        expect(report.testsPassed).toBe(2 + groups + 1);

        // The home page, public with the placeholder keys: what it syncs, the next steps.
        expect(report.home.status).toBe(200);
        expect(report.home.text).toContain("Next steps");
        expect(report.home.text).toContain("Set your Clerk keys.");
        expect(report.home.text).toContain("Add the endpoint.");
        expect(report.home.text).toContain("organizationMembership.deleted");
        expect(report.home.text).toMatch(
          /pnpm --filter web exec clerk-sync send user\.created --url http:\/\/127\.0\.0\.1:\d+\/api\/webhooks/,
        );
        expect(report.home.text).toContain("0 deliveries received.");
        expect(report.unsignedStatus).toBe(400);
        expect(report.status).toBe(200);
        // The ledger on the home page counted the delivery.
        expect(report.homeAfterDelivery).toContain("1 delivery received.");
      },
      SLOW,
    );

    it("takes more groups later through pnpm plop webhook-event", async () => {
      expect(root).toBeDefined();
      const registry = path.join(root, "apps/web/src/webhooks/index.ts");
      const before = fs.readFileSync(registry, "utf8");
      const output = await addGroupWithPlop(root, log);
      expect(output).toContain("session.created");
      expect(fs.existsSync(path.join(root, "apps/web/src/webhooks/session.ts"))).toBe(true);
      expect(fs.readFileSync(registry, "utf8")).toContain('"session"');
      // With every group synced already, the run changes nothing.
      if (variant.groups === "all") expect(fs.readFileSync(registry, "utf8")).toBe(before);
    }, 300_000);
  },
);

function canIsolateNetwork(): boolean {
  try {
    execFileSync("unshare", ["--net", "true"], { stdio: "ignore" });
    return true;
  } catch {
    console.warn("unshare --net is not available here: checking for connections only");
    return false;
  }
}

function findFile(dir: string, match: (file: string) => boolean): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && match(full)) return full;
    if (entry.isDirectory() && !entry.isSymbolicLink()) {
      const found = findFile(full, match);
      if (found) return found;
    }
  }
  return undefined;
}
