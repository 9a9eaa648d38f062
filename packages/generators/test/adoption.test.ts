import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { IgnoreRules } from "../src/app/git";
import { planWebhookEvent } from "../src/webhook-event/plan";
import { runWebhookEventGenerator } from "../src/webhook-event/run";
import { ADOPTION_DIR, ADOPTION_FIXTURES } from "./adoption/fixtures";
import { matcherRuns, requestOutcome } from "./support/middleware";
import { PACKAGE_DIR } from "./support/paths";
import { diffTrees, readTree } from "./support/tree";

const run = promisify(execFile);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gen-adoption-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let copies = 0;
function copy(name: string): string {
  copies += 1;
  const app = path.join(scratch, String(copies), name);
  fs.cpSync(path.join(ADOPTION_DIR, name), app, { recursive: true });
  return app;
}
const options = (name: string) => {
  const flags = ADOPTION_FIXTURES.find((f) => f.name === name)?.flags ?? [];
  const value = (flag: string) => flags[flags.indexOf(flag) + 1];
  return {
    groups: (value("--groups") ?? "user").split(","),
    ...(flags.includes("--existingRoute")
      ? { existingRoute: value("--existingRoute") as "keep" | "replace" }
      : {}),
  };
};
const middlewareOf = (app: string) =>
  ["middleware.ts", "proxy.ts", "src/middleware.ts", "src/proxy.ts"]
    .map((file) => path.join(app, file))
    .find((file) => fs.existsSync(file)) as string;

describe("exact public path: /api/webhooks and below, and nothing else, in every edit shape", () => {
  it.each(ADOPTION_FIXTURES.map((f) => [f.label, f.name] as const))("%s", async (_, name) => {
    const app = copy(name);
    runWebhookEventGenerator({ appDir: app, ...options(name) });
    const text = fs.readFileSync(middlewareOf(app), "utf8");
    const outcome = async (pathname: string) =>
      matcherRuns(text, pathname) ? requestOutcome(text, pathname) : "not run";
    expect(await outcome("/api/webhooks")).toBe("passed");
    expect(await outcome("/api/webhooks/clerk")).toBe("passed");
    // A sibling that merely starts like the route, and the app's own protected page, stay protected.
    expect(await outcome("/api/webhooks-old")).toBe("protected");
    expect(await outcome("/dashboard")).toBe("protected");
  });

  it.each([
    [5, "auth().protect()"],
    [7, "await auth.protect()"],
  ])("the proxy it writes for Clerk %i", async (major, call) => {
    const app = copy(major === 5 ? "a-next14-clerk5-protected-list" : "g-next16-clerk7-proxy");
    fs.rmSync(middlewareOf(app));
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    const file = plan.changes.find((c) => /(middleware|proxy)\.ts$/.test(c.path));
    expect(file?.path).toBe(major === 5 ? "middleware.ts" : "proxy.ts");
    expect(file?.content).toContain(call);
    const text = file?.content ?? "";
    expect(await requestOutcome(text, "/api/webhooks")).toBe("passed");
    expect(await requestOutcome(text, "/api/webhooks/x")).toBe("passed");
    expect(await requestOutcome(text, "/api/webhooks-old")).toBe("protected");
  });
});

describe("secrets stay out of git", () => {
  it("keys go to .env.local (ignored), the client and the SQLite file get ignore lines", () => {
    const app = copy("a-next14-clerk5-protected-list");
    const ignoresBefore = new IgnoreRules(app);
    expect(ignoresBefore.ignores(".env.local")).toBe(true);
    expect(ignoresBefore.ignores("prisma/dev.db")).toBe(false);
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    const local = fs.readFileSync(path.join(app, ".env.local"), "utf8");
    expect(local).toMatch(/^CLERK_SECRET_KEY=$/m);
    expect(local).toMatch(/^CLERK_WEBHOOK_SIGNING_SECRET=$/m);
    expect(fs.existsSync(path.join(app, ".env"))).toBe(false);
    expect(plan.changes.find((c) => c.path === ".gitignore")?.reason).toBe(
      "ignores /generated/prisma/ and /prisma/dev.db*",
    );
    // What git itself says, not only our reading of the rules.
    execFileSync("git", ["init", "-q"], { cwd: app });
    for (const file of [
      ".env.local",
      "prisma/dev.db",
      "prisma/dev.db-journal",
      "generated/prisma/client.ts",
    ]) {
      const ignored = execFileSync("git", ["check-ignore", "--no-index", file], {
        cwd: app,
        encoding: "utf8",
      });
      expect(ignored.trim(), file).toBe(file);
      expect(new IgnoreRules(app).ignores(file), file).toBe(true);
    }
  });

  it("adds .env*.local where the app does not ignore it, and warns when git tracks the file", () => {
    const app = copy("c-next15-clerk6-inverted-matcher");
    fs.writeFileSync(path.join(app, ".gitignore"), "/node_modules\n/.next/\n");
    runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    expect(fs.readFileSync(path.join(app, ".gitignore"), "utf8")).toContain(
      "\n.env*.local\n/generated/prisma/\n/prisma/dev.db*\n",
    );
    execFileSync("git", ["init", "-q"], { cwd: app });
    execFileSync("git", ["add", "-f", ".env.local"], { cwd: app });
    const again = planWebhookEvent({ appDir: app, groups: ["user"], dryRun: true });
    expect(again.changes.find((c) => c.path === ".env.local")?.warnings.join(" ")).toContain(
      "git tracks .env.local",
    );
  });

  it("never writes a key another env file of the app already sets", () => {
    const app = copy("g-next16-clerk7-proxy");
    fs.writeFileSync(path.join(app, ".env"), "CLERK_SECRET_KEY=sk_test_x\n");
    runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    expect(fs.readFileSync(path.join(app, ".env.local"), "utf8")).not.toContain("CLERK_SECRET_KEY");
  });
});

describe("adapts to the app's versions, or stops before writing anything", () => {
  const stop = (name: string, edit: (pkg: Record<string, Record<string, string>>) => void) => {
    const app = copy(name);
    for (const lock of ["package-lock.json", "pnpm-lock.yaml"])
      fs.rmSync(path.join(app, lock), { force: true });
    const file = path.join(app, "package.json");
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    edit(pkg);
    fs.writeFileSync(file, JSON.stringify(pkg));
    const before = readTree(app);
    let error: { code?: string; suggestion?: string } | undefined;
    try {
      runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(diffTrees(before, readTree(app))).toEqual([]);
    return error;
  };

  it("reads the versions from the lockfile: Next 14 gets middleware.ts and instrumentationHook", () => {
    const app = copy("d-next14-clerk6-edge-middleware");
    const plan = planWebhookEvent({ appDir: app, groups: ["user"] });
    expect(plan.changes.find((c) => c.path === "next.config.mjs")?.content).toContain(
      "experimental: { instrumentationHook: true }",
    );
    expect(plan.changes.find((c) => c.path === "src/instrumentation.ts")?.kind).toBe("create");
  });

  it("Next.js before 14.2", () => {
    const error = stop("a-next14-clerk5-protected-list", (pkg) => {
      (pkg.dependencies as Record<string, string>).next = "14.1.4";
    });
    expect(error?.code).toBe("NEXT_TOO_OLD");
    expect(error?.suggestion).toContain("pnpm add next@14.2");
  });

  it("no @clerk/nextjs", () => {
    const error = stop("b-next15-clerk6-src-public-list", (pkg) => {
      delete (pkg.dependencies as Record<string, string>)["@clerk/nextjs"];
    });
    expect(error?.code).toBe("NO_CLERK");
    expect(error?.suggestion).toContain("pnpm add @clerk/nextjs");
  });

  it("@clerk/nextjs before 5", () => {
    const error = stop("a-next14-clerk5-protected-list", (pkg) => {
      (pkg.dependencies as Record<string, string>)["@clerk/nextjs"] = "^4.29.0";
    });
    expect(error?.code).toBe("CLERK_TOO_OLD");
  });

  it("Pages Router only", () => {
    const app = copy("g-next16-clerk7-proxy");
    fs.renameSync(path.join(app, "app"), path.join(app, "pages"));
    expect(() => planWebhookEvent({ appDir: app, groups: ["user"] })).toThrow(
      expect.objectContaining({ code: "NOT_AN_APP_ROUTER_APP" }),
    );
  });
});

describe("an app with a Clerk webhook route of its own", () => {
  const name = "e-next15-clerk7-own-webhook-route";

  it("is detected and reported, and nothing is written until the user chooses", () => {
    const app = copy(name);
    const before = readTree(app);
    expect(() => runWebhookEventGenerator({ appDir: app, groups: ["user"] })).toThrow(
      expect.objectContaining({
        code: "EXISTING_WEBHOOK_ROUTE",
        flags: ["existingRoute"],
        message: expect.stringContaining(
          "/api/clerk/webhook (app/api/clerk/webhook/route.ts, svix's Webhook)",
        ),
      }),
    );
    expect(diffTrees(before, readTree(app))).toEqual([]);
  });

  it("replace: the kit's route takes that path, and the proxy already lets it through", () => {
    const app = copy(name);
    const plan = runWebhookEventGenerator({
      appDir: app,
      groups: ["user"],
      existingRoute: "replace",
    });
    expect(plan.changes.find((c) => c.path === "app/api/clerk/webhook/route.ts")?.reason).toContain(
      "replaced your Clerk webhook route (svix's Webhook)",
    );
    expect(fs.existsSync(path.join(app, "app/api/webhooks/route.ts"))).toBe(false);
    expect(plan.nextSteps.notes.join(" ")).toContain("https://<your app>/api/clerk/webhook");
    // The next run knows where the kit's route is: nothing left to do.
    const again = planWebhookEvent({ appDir: app, groups: ["user"] });
    expect(again.changes.filter((c) => c.kind !== "skip").map((c) => c.path)).toEqual([]);
  });

  it("keep: the kit's route goes to /api/webhooks, with a warning about the other", () => {
    const app = copy(name);
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user"], existingRoute: "keep" });
    const route = plan.changes.find((c) => c.path === "app/api/webhooks/route.ts");
    expect(route?.kind).toBe("create");
    expect(route?.warnings.join(" ")).toContain(
      "app/api/clerk/webhook/route.ts (svix's Webhook) still receives",
    );
  });
});

describe("the webhook-event command", () => {
  const cli = path.join(PACKAGE_DIR, "bin", "webhook-event.mjs");
  const command = async (args: string[], cwd = scratch) =>
    run(process.execPath, [cli, ...args], { cwd }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it("with stdin not a terminal, exits 2 naming every missing flag, writing nothing", async () => {
    const app = copy("e-next15-clerk7-own-webhook-route");
    const before = readTree(app);
    const missingGroups = await command(["--appDir", app]);
    expect(missingGroups.code).toBe(2);
    expect(missingGroups.stderr).toContain("missing --groups");
    const missingChoice = await command(["--appDir", app, "--groups", "user"]);
    expect(missingChoice.code).toBe(2);
    expect(missingChoice.stderr).toContain("(EXISTING_WEBHOOK_ROUTE)");
    expect(missingChoice.stderr).toContain("missing --existingRoute");
    expect((await command(["--appDir", app, "--groups", "user", "--nope"])).code).toBe(2);
    expect(diffTrees(before, readTree(app))).toEqual([]);
  });

  it("--dryRun prints a unified diff of each file, which git apply turns into what a real run writes", async () => {
    const dry = copy("b-next15-clerk6-src-public-list");
    const before = readTree(dry);
    // A relative --appDir, from where the command runs.
    const { code, stdout } = await command(
      ["--appDir", path.basename(dry), "--groups", "user", "--dryRun"],
      path.dirname(dry),
    );
    expect(code).toBe(0);
    expect(diffTrees(before, readTree(dry))).toEqual([]);
    expect(stdout).toContain("--- a/src/middleware.ts\n+++ b/src/middleware.ts\n@@ ");
    const patchText = stdout.split("\n").filter((_line, i, lines) => {
      const start = lines.findIndex((l) => l.startsWith("--- "));
      const end = lines.findIndex((l) => l.startsWith("Next steps:"));
      return i >= start && i < end;
    });
    execFileSync("git", ["apply", "-p1", "-"], { cwd: dry, input: `${patchText.join("\n")}\n` });

    const real = copy("b-next15-clerk6-src-public-list");
    expect((await command(["--appDir", real, "--groups", "user"])).code).toBe(0);
    const written = readTree(real);
    const patched = readTree(dry);
    expect(diffTrees(written, patched)).toEqual([]);
  });
});

describe("no hidden steps", () => {
  it("the library builds on install: its dist is there right after pnpm install", () => {
    const library = JSON.parse(
      fs.readFileSync(path.join(PACKAGE_DIR, "..", "clerk-sync", "package.json"), "utf8"),
    );
    expect(library.scripts.prepare).toBe(library.scripts.build);
    // The generators import the catalog and the coded-error base alone (modules that import
    // nothing), never the library's runtime.
    const sources = execFileSync(
      "grep",
      [
        "-rhoE",
        "--exclude=*.test.ts",
        'from "@acme/clerk-sync[^"]*"',
        path.join(PACKAGE_DIR, "src"),
      ],
      {
        encoding: "utf8",
      },
    );
    expect(new Set(sources.trim().split("\n"))).toEqual(
      new Set(['from "@acme/clerk-sync/catalog"', 'from "@acme/clerk-sync/errors"']),
    );
  });
});
