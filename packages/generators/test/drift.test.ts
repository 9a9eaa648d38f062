import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EVENT_GROUP_NAMES } from "@acme/clerk-sync";
import { afterAll, describe, expect, it } from "vitest";
import { LIBRARY_TEST_SCHEMAS } from "../src/prisma/committed-schemas";
import { renderPrismaSchema } from "../src/prisma/schema";
import { planWebhookEvent } from "../src/webhook-event/plan";
import { runWebhookEventGenerator } from "../src/webhook-event/run";
import { REPO_ROOT, WEB_APP_DIR } from "./support/paths";
import { copyFixture, type Fixture } from "./support/tree";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gen-drift-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("the library's test schemas are the renderer's output", () => {
  it.each(LIBRARY_TEST_SCHEMAS)("$provider", (target) => {
    const rendered = renderPrismaSchema({ ...target, groups: EVENT_GROUP_NAMES });
    const committed = fs.readFileSync(target.file, "utf8");
    expect(committed, "run `pnpm --filter @acme/generators render-schemas`").toBe(rendered);
  });
});

/**
 * apps/web's wiring rendered again from the templates: the app's own files (package.json,
 * tsconfig, app/) with every wiring file removed, then the generator for every group.
 */
function regenerateWebApp(): string {
  const app = path.join(scratch, "web");
  for (const file of ["package.json", "tsconfig.json", "next.config.ts", ".env.example"]) {
    fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    fs.copyFileSync(path.join(WEB_APP_DIR, file), path.join(app, file));
  }
  fs.mkdirSync(path.join(app, "src", "app"), { recursive: true });
  // The proxy is the app's own (demo mode); the generator only has to keep it working.
  fs.copyFileSync(path.join(WEB_APP_DIR, "src/proxy.ts"), path.join(app, "src/proxy.ts"));
  runWebhookEventGenerator({ appDir: app, groups: "all", provider: "sqlite", queue: "inline" });
  return app;
}

describe("apps/web's webhook wiring is the generator's output", () => {
  const app = regenerateWebApp();
  const shared = [
    "src/app/api/webhooks/route.ts",
    "src/instrumentation.ts",
    "src/lib/db.ts",
    "src/webhooks/index.ts",
    "prisma.config.ts",
    "prisma/schema.prisma",
  ];

  it.each(shared)("%s", (file) => {
    const committed = fs.readFileSync(path.join(WEB_APP_DIR, file), "utf8");
    expect(committed).toBe(fs.readFileSync(path.join(app, file), "utf8"));
  });

  it.each(EVENT_GROUP_NAMES)("src/webhooks/%s.ts", (group) => {
    const file = `src/webhooks/${group}.ts`;
    const committed = fs.readFileSync(path.join(WEB_APP_DIR, file), "utf8");
    expect(committed).toBe(fs.readFileSync(path.join(app, file), "utf8"));
  });

  it("src/lib/clerk-sync.ts: the generated file, with the demo's hook set after the app's", () => {
    const committed = fs.readFileSync(path.join(WEB_APP_DIR, "src/lib/clerk-sync.ts"), "utf8");
    const generated = fs.readFileSync(path.join(app, "src/lib/clerk-sync.ts"), "utf8");
    const withDemo = generated
      .replace(
        'import { hooks, syncedGroups } from "@/webhooks";',
        'import { demoHooks } from "@/demo/hooks";\nimport { hooks, syncedGroups } from "@/webhooks";',
      )
      .replace("...hooks],", "...hooks, demoHooks],");
    expect(withDemo).not.toBe(generated);
    expect(committed).toBe(withDemo);
  });

  it("running the generator on apps/web for every group changes nothing", () => {
    const plan = planWebhookEvent({ appDir: WEB_APP_DIR, groups: "all", dryRun: true });
    const changes = plan.changes.filter((c) => c.kind !== "skip");
    expect(changes.map((c) => `${c.kind} ${c.path}: ${c.reason}`)).toEqual([]);
    expect(plan.changes.flatMap((c) => c.warnings)).toEqual([]);
  });
});

describe("generated code passes the repo's Biome config (format, lint, import order)", () => {
  const variants: [string, Fixture, Parameters<typeof runWebhookEventGenerator>[0]][] = [
    ["src/, SQLite, inline, every group", "next16-src", { appDir: "", groups: "all" }],
    [
      "no src/, PostgreSQL, BullMQ, two groups",
      "next16-app",
      { appDir: "", groups: ["user", "role"], provider: "postgresql", queue: "bullmq" },
    ],
  ];

  it.each(variants)("%s", (_, fixture, options) => {
    const app = copyFixture(fixture);
    try {
      const plan = runWebhookEventGenerator({ ...options, appDir: app });
      const written = plan.changes
        .filter((c) => c.kind === "create" && /\.(ts|tsx)$/.test(c.path))
        .map((c) => c.path);
      expect(written.length).toBeGreaterThan(5);
      const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "biome.json"), "utf8"));
      delete config.vcs;
      delete config.$schema;
      config.files = { includes: ["**"] };
      fs.writeFileSync(path.join(app, "biome.json"), JSON.stringify(config));
      const biome = path.join(REPO_ROOT, "node_modules", ".bin", "biome");
      execFileSync(biome, ["check", "--no-errors-on-unmatched", ...written], {
        cwd: app,
        stdio: "pipe",
      });
    } finally {
      fs.rmSync(path.dirname(app), { recursive: true, force: true });
    }
  });
});
