import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GeneratorError } from "../src/errors";
import { planWebhookEvent } from "../src/webhook-event/plan";
import { runWebhookEventGenerator } from "../src/webhook-event/run";
import type { WebhookEventPlan } from "../src/webhook-event/types";
import { copyFixture, diffTrees, type Fixture, readTree } from "./support/tree";

const created: string[] = [];
function fixture(name: Fixture): string {
  const dir = copyFixture(name);
  created.push(path.dirname(dir));
  return dir;
}
afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const summary = (plan: WebhookEventPlan) => plan.changes.map((c) => `${c.kind} ${c.path}`);
const change = (plan: WebhookEventPlan, file: string) => {
  const found = plan.changes.find((c) => c.path === file);
  if (!found) throw new Error(`no change for ${file} in ${summary(plan).join(", ")}`);
  return found;
};

describe("webhook-event on a fresh create-next-app app", () => {
  it("with src/: writes the whole wiring under src/, proxy.ts included", () => {
    const app = fixture("next16-src");
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user", "organization"] });
    expect(summary(plan)).toEqual([
      "create src/app/api/webhooks/route.ts",
      "create src/proxy.ts",
      "create src/instrumentation.ts",
      "create prisma/schema.prisma",
      "create prisma.config.ts",
      "create src/lib/db.ts",
      "create src/lib/clerk-sync.ts",
      "create src/webhooks/user.ts",
      "create src/webhooks/organization.ts",
      "create src/webhooks/index.ts",
      "create .env.example",
      "create .env.local",
      "update package.json",
      "update pnpm-workspace.yaml",
      "update .gitignore",
    ]);
    expect(plan.provider).toBe("sqlite");
    expect(plan.nextSteps.events).toEqual([
      "user.created",
      "user.updated",
      "user.deleted",
      "organization.created",
      "organization.updated",
      "organization.deleted",
    ]);
    expect(plan.nextSteps.commands).toContain("pnpm exec prisma migrate dev --name clerk-sync");
    const pkg = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    expect(pkg.dependencies).toMatchObject({
      "@acme/clerk-sync": "^0.1.0",
      "@clerk/nextjs": "7.9.17",
      "@prisma/adapter-better-sqlite3": "7.10.0",
      "better-sqlite3": "12.11.1",
    });
    expect(pkg.devDependencies).toMatchObject({ prisma: "7.10.1" });
    expect(fs.readFileSync(path.join(app, "pnpm-workspace.yaml"), "utf8")).toBe(
      'allowBuilds:\n  sharp: false\n  unrs-resolver: false\n  prisma: false\n  "@prisma/engines": false\n  better-sqlite3: true\n',
    );
    expect(fs.readFileSync(path.join(app, "prisma/schema.prisma"), "utf8")).toContain(
      'output   = "../src/generated/prisma"',
    );
  });

  it("without src/: the same files at the app root, imports through @/", () => {
    const app = fixture("next16-app");
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    expect(change(plan, "proxy.ts").kind).toBe("create");
    // createRouteMatcher is deprecated in @clerk/nextjs 7.9: the proxy tests the path itself.
    expect(change(plan, "proxy.ts").content).not.toContain("createRouteMatcher");
    expect(change(plan, "lib/db.ts").content).toContain("timeout: 5_000,");
    expect(change(plan, "app/api/webhooks/route.ts").content).toContain(
      'import { clerkSync } from "@/lib/clerk-sync";',
    );
    expect(change(plan, "lib/db.ts").content).toContain('from "@/generated/prisma/client"');
    expect(fs.readFileSync(path.join(app, "prisma/schema.prisma"), "utf8")).toContain(
      'output   = "../generated/prisma"',
    );
  });

  it("without an import alias: relative imports", () => {
    const app = fixture("next16-src");
    const tsconfig = path.join(app, "tsconfig.json");
    const json = JSON.parse(fs.readFileSync(tsconfig, "utf8"));
    delete json.compilerOptions.paths;
    fs.writeFileSync(tsconfig, JSON.stringify(json));
    const plan = planWebhookEvent({ appDir: app, groups: ["user"] });
    expect(change(plan, "src/app/api/webhooks/route.ts").content).toContain(
      'import { clerkSync } from "../../../lib/clerk-sync";',
    );
    expect(change(plan, "src/lib/clerk-sync.ts").content).toContain('from "../webhooks";');
    expect(change(plan, "src/lib/db.ts").content).toContain('from "../generated/prisma/client";');
    expect(change(plan, "src/webhooks/user.ts").content).toContain('from "../lib/db";');
  });

  it("runs twice: the second run skips every file and changes nothing", () => {
    const app = fixture("next16-src");
    runWebhookEventGenerator({ appDir: app, groups: "all" });
    const before = readTree(app);
    const again = runWebhookEventGenerator({ appDir: app, groups: "all" });
    expect(again.changes.filter((c) => c.kind !== "skip")).toEqual([]);
    expect(diffTrees(before, readTree(app))).toEqual([]);
  });

  it("adding groups later ends where adding them all at once does", () => {
    const stepwise = fixture("next16-app");
    runWebhookEventGenerator({ appDir: stepwise, groups: ["user"] });
    runWebhookEventGenerator({ appDir: stepwise, groups: ["organizationMembership", "role"] });
    runWebhookEventGenerator({ appDir: stepwise, groups: ["organization", "user"] });
    const once = fixture("next16-app");
    runWebhookEventGenerator({
      appDir: once,
      groups: ["user", "organization", "organizationMembership", "role"],
    });
    expect(diffTrees(readTree(stepwise), readTree(once))).toEqual([]);
  });

  it("a dry run plans the same changes and writes nothing", () => {
    const app = fixture("next16-src");
    const before = readTree(app);
    const dry = runWebhookEventGenerator({ appDir: app, groups: ["user"], dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(diffTrees(before, readTree(app))).toEqual([]);
    const real = runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    expect(real.changes).toEqual(dry.changes);
  });

  it("BullMQ and PostgreSQL: the queue, Redis, the pg adapter and their dependencies", () => {
    const app = fixture("next16-src");
    const plan = runWebhookEventGenerator({
      appDir: app,
      groups: ["user"],
      provider: "postgresql",
      queue: "bullmq",
      databaseUrl: "postgresql://postgres@127.0.0.1:5432/gen_test",
    });
    const clerkSync = fs.readFileSync(path.join(app, "src/lib/clerk-sync.ts"), "utf8");
    expect(clerkSync).toContain("queue: bullmqQueue({ connection: process.env.REDIS_URL }),");
    expect(clerkSync).toContain("`clerk-sync worker --config src/lib/clerk-sync.ts`");
    expect(fs.readFileSync(path.join(app, "src/lib/db.ts"), "utf8")).toContain(
      "new PrismaPg({ connectionString: process.env.DATABASE_URL })",
    );
    const env = fs.readFileSync(path.join(app, ".env.local"), "utf8");
    expect(env).toContain('DATABASE_URL="postgresql://postgres@127.0.0.1:5432/gen_test"');
    expect(env).toContain('REDIS_URL="redis://localhost:6379"');
    const pkg = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(["@prisma/adapter-pg", "pg", "bullmq", "ioredis"]),
    );
    expect(pkg.dependencies["better-sqlite3"]).toBeUndefined();
    expect(plan.nextSteps.commands).toContain(
      "pnpm exec clerk-sync worker --config src/lib/clerk-sync.ts",
    );
    // A later run without a queue choice keeps BullMQ: it reads lib/clerk-sync.ts.
    expect(planWebhookEvent({ appDir: app, groups: ["role"] }).queue).toBe("bullmq");
  });

  it("a database URL's password goes to .env.local only, never to the committed .env.example", () => {
    const app = fixture("next16-src");
    runWebhookEventGenerator({
      appDir: app,
      groups: ["user"],
      provider: "postgresql",
      databaseUrl: "postgresql://app:s3cret@db.example.com:5432/app",
    });
    const local = fs.readFileSync(path.join(app, ".env.local"), "utf8");
    const example = fs.readFileSync(path.join(app, ".env.example"), "utf8");
    expect(local).toContain('DATABASE_URL="postgresql://app:s3cret@db.example.com:5432/app"');
    expect(example).toContain('DATABASE_URL="postgresql://app:<password>@db.example.com:5432/app"');
    expect(example).not.toContain("s3cret");
  });

  it("the versions map overrides pinned versions (the create scaffold passes catalog:)", () => {
    const app = fixture("next16-src");
    // The create scaffold's app has no Clerk yet: a version for it says the caller adds it.
    const pkgFile = path.join(app, "package.json");
    const withoutClerk = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
    delete withoutClerk.dependencies["@clerk/nextjs"];
    fs.writeFileSync(pkgFile, JSON.stringify(withoutClerk, null, 2));
    runWebhookEventGenerator({
      appDir: app,
      groups: ["user"],
      versions: { "@acme/clerk-sync": "workspace:*", "@clerk/nextjs": "catalog:" },
    });
    const pkg = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    expect(pkg.dependencies["@acme/clerk-sync"]).toBe("workspace:*");
    expect(pkg.dependencies["@clerk/nextjs"]).toBe("catalog:");
  });
});

describe("webhook-event on existing apps", () => {
  it("Next 15 with a custom clerkMiddleware: edits middleware.ts, writes no proxy.ts", () => {
    const app = fixture("next15-middleware");
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    const middleware = change(plan, "src/middleware.ts");
    expect(middleware.kind).toBe("update");
    expect(middleware.reason).toContain("isClerkWebhookRoute");
    expect(middleware.reason).toContain("config.matcher did not run the proxy on /api/webhooks");
    expect(fs.existsSync(path.join(app, "src/proxy.ts"))).toBe(false);
    const text = fs.readFileSync(path.join(app, "src/middleware.ts"), "utf8");
    expect(text).toContain(
      "if (isClerkWebhookRoute(req.nextUrl.pathname)) return;\n  const { pathname } = req.nextUrl;",
    );
    expect(text).toContain(
      '"/((?!api|_next/static|_next/image|favicon.ico).*)", "/api/webhooks", "/api/webhooks/(.*)"',
    );
    // No pnpm-workspace.yaml and no packageManager: npm, and nothing to allow.
    expect(plan.nextSteps.commands[0]).toBe("npm install");
  });

  it("a createRouteMatcher public list and a PostgreSQL schema: both extended, nothing replaced", () => {
    const app = fixture("public-routes");
    const schemaBefore = fs.readFileSync(path.join(app, "prisma/schema.prisma"), "utf8");
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user", "organization"] });
    expect(plan.provider).toBe("postgresql");
    expect(change(plan, "proxy.ts").reason).toBe(
      'added "/api/webhooks" and "/api/webhooks/(.*)" to the public routes of isPublicRoute (the route and what is under it, no sibling).',
    );
    expect(fs.readFileSync(path.join(app, "proxy.ts"), "utf8")).toContain(
      'createRouteMatcher([\n  "/",\n  "/sign-in(.*)",\n  "/sign-up(.*)",\n  "/api/health",\n  "/api/webhooks",\n  "/api/webhooks/(.*)",\n])',
    );
    const schema = change(plan, "prisma/schema.prisma");
    expect(schema.kind).toBe("update");
    expect(schema.reason).toBe(
      "added models ClerkWebhookEvent, ClerkSyncRun, ClerkSyncCheckpoint, ClerkSyncSeen, ClerkUser and ClerkOrganization",
    );
    expect(schema.content?.startsWith(schemaBefore.trimEnd())).toBe(true);
    expect(change(plan, "prisma.config.ts").kind).toBe("skip");
    expect(change(plan, "lib/db.ts").content).toContain("PrismaPg");
    expect(change(plan, "package.json").reason).toBe(
      "added @acme/clerk-sync and @types/pg (not installed)",
    );
    expect(change(plan, "pnpm-workspace.yaml").reason).toBe(
      "allowBuilds: prisma: false, @prisma/engines: false",
    );
  });

  it("refuses a provider that contradicts the schema, before writing anything", () => {
    const app = fixture("public-routes");
    const before = readTree(app);
    expect(() =>
      runWebhookEventGenerator({ appDir: app, groups: ["user"], provider: "sqlite" }),
    ).toThrow(expect.objectContaining({ code: "PROVIDER_MISMATCH" }));
    expect(diffTrees(before, readTree(app))).toEqual([]);
  });

  it("stops with a clear error when proxy.ts and middleware.ts both exist", () => {
    const app = fixture("next15-middleware");
    fs.copyFileSync(path.join(app, "src/middleware.ts"), path.join(app, "src/proxy.ts"));
    const before = readTree(app);
    let error: unknown;
    try {
      runWebhookEventGenerator({ appDir: app, groups: ["user"] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).code).toBe("PROXY_AND_MIDDLEWARE");
    expect((error as GeneratorError).message).toContain("proxy.ts and middleware.ts");
    expect((error as GeneratorError).suggestion).toContain("delete the other");
    expect(diffTrees(before, readTree(app))).toEqual([]);
  });

  it.each([
    ["an unknown group", { groups: ["users"] }, "UNKNOWN_GROUP"],
    ["no group", { groups: [] }, "NO_GROUPS"],
    ["an unknown provider", { provider: "mysql" }, "UNKNOWN_PROVIDER"],
    ["an unknown queue", { queue: "sqs" }, "UNKNOWN_QUEUE"],
  ])("refuses %s", (_, options, code) => {
    const app = fixture("next16-app");
    expect(() =>
      planWebhookEvent({ appDir: app, groups: ["user"], ...(options as object) }),
    ).toThrow(expect.objectContaining({ code }));
  });

  it("refuses a directory that is not a Next.js App Router app", () => {
    const app = fixture("next16-app");
    expect(() => planWebhookEvent({ appDir: path.join(app, "app"), groups: ["user"] })).toThrow(
      expect.objectContaining({ code: "APP_NOT_FOUND" }),
    );
    fs.renameSync(path.join(app, "app"), path.join(app, "pages"));
    expect(() => planWebhookEvent({ appDir: app, groups: ["user"] })).toThrow(
      expect.objectContaining({ code: "NOT_AN_APP_ROUTER_APP" }),
    );
  });

  it("stops at a route of the app's own at the webhook path, before writing anything", () => {
    const app = fixture("next16-app");
    const route = path.join(app, "app/api/webhooks/route.ts");
    fs.mkdirSync(path.dirname(route), { recursive: true });
    fs.writeFileSync(route, "export async function POST() {\n  return new Response('ok');\n}\n");
    const before = readTree(app);
    expect(() => runWebhookEventGenerator({ appDir: app, groups: ["user"] })).toThrow(
      expect.objectContaining({ code: "ROUTE_PATH_TAKEN", flags: ["webhookPath"] }),
    );
    expect(diffTrees(before, readTree(app))).toEqual([]);
    const elsewhere = runWebhookEventGenerator({
      appDir: app,
      groups: ["user"],
      webhookPath: "/api/clerk",
    });
    expect(change(elsewhere, "app/api/clerk/route.ts").kind).toBe("create");
    expect(fs.readFileSync(route, "utf8")).toContain("return new Response('ok')");
  });
});

describe("webhook-event on Next.js 15 and earlier", () => {
  it("creates middleware.ts, not proxy.ts", () => {
    const app = fixture("next16-app");
    const plan = runWebhookEventGenerator({ appDir: app, groups: ["user"], nextMajor: 15 });
    expect(change(plan, "middleware.ts").kind).toBe("create");
    expect(fs.existsSync(path.join(app, "proxy.ts"))).toBe(false);
  });

  it("reads the version from package.json when nothing is installed", () => {
    const app = fixture("next15-middleware");
    fs.rmSync(path.join(app, "src/middleware.ts"));
    const plan = planWebhookEvent({ appDir: app, groups: ["user"] });
    expect(change(plan, "src/middleware.ts").kind).toBe("create");
  });
});

describe("unreadable files", () => {
  it("reports a package.json it cannot parse with a code and a suggestion", () => {
    const app = fixture("next16-app");
    fs.writeFileSync(path.join(app, "package.json"), "{ not json");
    expect(() => planWebhookEvent({ appDir: app, groups: ["user"] })).toThrow(
      expect.objectContaining({ code: "UNPARSABLE_FILE" }),
    );
  });
});
