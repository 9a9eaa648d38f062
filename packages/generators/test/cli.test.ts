import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { type CliAnswers, runPlop, runTurboGen } from "./support/cli";
import { linkDeps } from "./support/deps";
import { copyFixture, diffTrees, type Fixture, readTree } from "./support/tree";

const run = promisify(execFile);

const SCENARIOS: { fixture: Fixture; answers: Omit<CliAnswers, "appDir">; expect: string[] }[] = [
  {
    fixture: "next16-src",
    answers: { groups: "all" },
    expect: ["create src/proxy.ts", "create src/webhooks/paymentAttempt.ts"],
  },
  {
    fixture: "next16-app",
    answers: { groups: "user,organization,organizationMembership", queue: "bullmq" },
    expect: ["create proxy.ts", "create lib/clerk-sync.ts: the kit, configured (bullmq queue)"],
  },
  {
    fixture: "next15-middleware",
    answers: { groups: "user" },
    expect: ["update src/middleware.ts: the handler keeps its logic"],
  },
  {
    fixture: "public-routes",
    answers: { groups: "user,organization", provider: "postgresql" },
    expect: [
      'update proxy.ts: added "/api/webhooks" and "/api/webhooks/(.*)" to the public routes of isPublicRoute',
    ],
  },
];

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});
function fixtureCopy(fixture: Fixture): string {
  const app = copyFixture(fixture);
  scratch.push(path.dirname(app));
  return app;
}

/** What `pnpm build` checks before it builds: the generated client, route types, then tsc. */
async function typecheck(app: string): Promise<void> {
  linkDeps(app);
  const bin = (name: string) => path.join(app, "node_modules", ".bin", name);
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/unused",
  };
  await run(bin("prisma"), ["generate"], { cwd: app, env, timeout: 300_000 });
  await run(bin("next"), ["typegen"], { cwd: app, env, timeout: 300_000 });
  try {
    await run(bin("tsc"), ["--noEmit", "-p", "tsconfig.json"], { cwd: app, timeout: 300_000 });
  } catch (error) {
    const { stdout } = error as { stdout?: string };
    throw new Error(`tsc failed in ${app}:\n${stdout}`);
  }
}

describe.each(SCENARIOS)("$fixture: plop webhook-event $answers.groups", (scenario) => {
  const viaPlop = fixtureCopy(scenario.fixture);
  const answers = { ...scenario.answers, appDir: viaPlop };
  let generated: Map<string, string>;

  it("the real plop CLI wires the app without a prompt", async () => {
    const before = readTree(viaPlop);
    const output = await runPlop(answers);
    for (const line of scenario.expect) expect(output).toContain(line);
    expect(output).toContain("Clerk Dashboard events to subscribe");
    generated = readTree(viaPlop);
    expect(diffTrees(before, generated).length).toBeGreaterThan(5);
  });

  it("running it again changes nothing", async () => {
    const output = await runPlop(answers);
    expect(output).not.toMatch(/-> (create|update) /);
    expect(diffTrees(generated, readTree(viaPlop))).toEqual([]);
  });

  it("turbo gen webhook-event writes the same files", async () => {
    const viaTurbo = fixtureCopy(scenario.fixture);
    await runTurboGen({ ...scenario.answers, appDir: viaTurbo });
    expect(diffTrees(generated, readTree(viaTurbo))).toEqual([]);
  });

  it("the result type-checks", async () => {
    await typecheck(viaPlop);
  });
});

describe("plop on an app with both proxy.ts and middleware.ts", () => {
  it("stops with the error and its suggestion, writing nothing", async () => {
    const app = fixtureCopy("next15-middleware");
    fs.copyFileSync(path.join(app, "src/middleware.ts"), path.join(app, "src/proxy.ts"));
    const before = readTree(app);
    const failure = await runPlop({ appDir: app, groups: "user" }).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const output = `${failure?.stdout}${failure?.stderr}`;
    expect(output).toContain("Both proxy.ts and middleware.ts exist");
    expect(output).toContain("(PROXY_AND_MIDDLEWARE)");
    expect(diffTrees(before, readTree(app))).toEqual([]);
  });
});
