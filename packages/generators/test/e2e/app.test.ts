import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { fixture, generateSigningSecret, signPayload } from "@acme/clerk-sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlop } from "../support/cli.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { copyFixture } from "../support/tree.ts";

const run = promisify(execFile);

/**
 * A create-next-app app wired by `plop webhook-event`, installed like a user would (the library
 * from its packed tarball), built and started: a signed `user.created` goes through its proxy to
 * its route, and the user lands in its SQLite database.
 */
describe("a generated app, built and started", () => {
  const app = copyFixture("next16-src");
  const secret = generateSigningSecret();
  // Production-format keys for clerk.example.com: clerkMiddleware runs with no network call.
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    CLERK_WEBHOOK_SIGNING_SECRET: secret,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from("clerk.example.com$").toString("base64")}`,
    CLERK_SECRET_KEY: "sk_live_generatorsE2eNotARealKey000000000000",
  };
  let server: ChildProcess | undefined;
  let baseUrl = "";
  let serverLog = "";

  beforeAll(async () => {
    const libraryDist = path.join(REPO_ROOT, "packages/clerk-sync/dist/prisma/index.js");
    if (!fs.existsSync(libraryDist)) {
      throw new Error("Build @acme/clerk-sync first: pnpm --filter @acme/clerk-sync build");
    }
    await runPlop({ appDir: app, groups: "user,organization,organizationMembership" });
    // create-next-app's layout loads Google Fonts at build time; this machine has no internet.
    fs.writeFileSync(path.join(app, "src/app/layout.tsx"), OFFLINE_LAYOUT);

    // What `npm publish` would ship: the library as a tarball the app installs.
    const packed = await run("pnpm", ["pack", "--pack-destination", path.dirname(app)], {
      cwd: path.join(REPO_ROOT, "packages/clerk-sync"),
    });
    const tarball = path.resolve(path.dirname(app), packed.stdout.trim().split("\n").at(-1) ?? "");
    const pkgFile = path.join(app, "package.json");
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
    pkg.dependencies["@acme/clerk-sync"] = `file:${tarball}`;
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));

    await run(
      "/usr/bin/flock",
      ["/tmp/pnpm-install.lock", "pnpm", "install", "--prefer-offline", "--no-frozen-lockfile"],
      { cwd: app, env, timeout: 900_000 },
    );
    await run(path.join(app, "node_modules/.bin/prisma"), ["generate"], {
      cwd: app,
      env,
      timeout: 300_000,
    });
    await run(path.join(app, "node_modules/.bin/prisma"), ["db", "push"], {
      cwd: app,
      env,
      timeout: 300_000,
    });
    await run(path.join(app, "node_modules/.bin/next"), ["build"], {
      cwd: app,
      env,
      timeout: 900_000,
      maxBuffer: 64 * 1024 * 1024,
    });

    const port = await freePort(3100, 3199);
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(path.join(app, "node_modules/.bin/next"), ["start", "-p", String(port)], {
      cwd: app,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk) => {
      serverLog += chunk;
    });
    server.stderr?.on("data", (chunk) => {
      serverLog += chunk;
    });
    await waitFor(async () => (await fetch(`${baseUrl}/api/webhooks`)).status > 0, 60_000);
  }, 1_800_000);

  afterAll(() => {
    server?.kill("SIGTERM");
    fs.rmSync(path.dirname(app), { recursive: true, force: true });
  });

  it("answers a signed user.created with 200 through its proxy, and syncs the user", async () => {
    const event = fixture("user.created");
    const { headers, body } = signPayload(event, { secret });
    const response = await fetch(`${baseUrl}/api/webhooks`, { method: "POST", headers, body });
    expect(response.status, serverLog).toBe(200);

    const row = await waitFor(() => queryUser(app, event.data.id), 30_000);
    expect(row).toMatchObject({ id: event.data.id });
  });

  it("refuses an unsigned delivery with 400: the route, not a sign-in redirect, answers", async () => {
    const response = await fetch(`${baseUrl}/api/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fixture("user.created")),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
  });

  it("still protects the app's other routes: a page redirects to sign-in", async () => {
    const response = await fetch(`${baseUrl}/`, {
      headers: { accept: "text/html" },
      redirect: "manual",
    });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("sign-in");
  });

  it("makes public only the route and what is under it, not a path that merely starts like it", async () => {
    const get = (path: string) =>
      fetch(`${baseUrl}${path}`, { headers: { accept: "text/html" }, redirect: "manual" });
    const sibling = await get("/api/webhooks-old");
    expect(sibling.status).toBe(307);
    expect(sibling.headers.get("location")).toContain("sign-in");
    // No such route: Next.js answers, not a sign-in redirect.
    expect((await get("/api/webhooks/clerk")).status).toBe(404);
  });
});

const OFFLINE_LAYOUT = `import "./globals.css";

export default function RootLayout({ children }: LayoutProps<"/">) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`;

/** The synced user row, read with the app's own SQLite driver (undefined until it is there). */
async function queryUser(app: string, id: string): Promise<Record<string, unknown> | undefined> {
  const script = `const Database = require("better-sqlite3");
const db = new Database("prisma/dev.db", { readonly: true });
process.stdout.write(JSON.stringify(db.prepare("SELECT id FROM clerk_users WHERE id = ?").get(process.argv[1]) ?? null));`;
  const { stdout } = await run(process.execPath, ["-e", script, id], { cwd: app });
  return JSON.parse(stdout) ?? undefined;
}

async function waitFor<T>(check: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${ms} ms${last ? `: ${String(last)}` : ""}`);
}

async function freePort(from: number, to: number): Promise<number> {
  const offset = Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((offset + i) % (to - from + 1));
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}
