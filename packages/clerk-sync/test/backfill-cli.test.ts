import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { backfill, type RunReport } from "../src/backfill/index.js";
import { runCli } from "../src/cli/run.js";
import { type ClerkObject, type FakeClerkApi, startFakeClerkApi } from "../src/fake-api/index.js";
import {
  apiOptions,
  expectDatabaseEqualsClerk,
  SMALL_INSTANCE,
  TINY_INSTANCE,
} from "./support/backfill.js";
import { openTestDatabase, type TestDatabase } from "./support/db.js";
import { eventually } from "./support/harness.js";
import { CLI_MAIN } from "./support/queue-app.js";
import { exited, forkTs } from "./support/queue-harness.js";
import { writeSyncApp } from "./support/sync-app.js";

/**
 * The CLI in this process, with what it prints. The app's modules read their settings from
 * process.env, as they would in their own process.
 */
async function cli(args: string[], cwd: string, env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli(args, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: process.env,
      cwd,
      onStop: () => () => {},
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

describe.each(inject("providers"))(
  "clerk-sync backfill and reconcile from the command line on %s",
  (provider) => {
    let db: TestDatabase;
    let api: FakeClerkApi;
    let app: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      db = await openTestDatabase(provider, "backfill_cli");
      api = await startFakeClerkApi({ seed: SMALL_INSTANCE });
      app = writeSyncApp(`sync-app-${provider}-${process.env.VITEST_POOL_ID ?? 0}`);
      env = {
        TEST_PROVIDER: provider,
        DATABASE_URL: db.url,
        CLERK_SECRET_KEY: api.secretKey,
        CLERK_API_URL: api.url,
      };
    });
    afterAll(async () => {
      await api?.stop();
      await db?.close();
    });
    afterEach(async () => {
      api.clearFaults();
      api.setLatency(0);
      api.seed(SMALL_INSTANCE);
      await db.reset();
    });

    it("killed with kill -9 halfway through, with 429s and 5xx injected, resumes and ends equal to Clerk", async () => {
      api.inject({ status: 429, retryAfter: 1, path: "/users", skip: 1 });
      api.inject({ status: 503, path: "/users", skip: 3, times: 2 });
      api.inject({ status: 502, path: "/organization_memberships", times: 2 });
      // Halfway, whatever the machine's speed: the users past the first 200 are held back (their
      // responses wait ten minutes) until the kill.
      const holdBack = api.onRequest((request) => {
        if (request.path === "/users" && Number(request.query.get("offset")) >= 200) {
          api.setLatency(600_000);
        }
      });
      const child = forkTs(CLI_MAIN, ["backfill", "--page-size", "40", "--rate", "100000"], {
        cwd: app,
        env,
      });
      const checkpoint = await eventually(
        () => db.prisma.clerkSyncCheckpoint.findFirst({ where: { group: "user" } }),
        (row) => (row?.listed ?? 0) >= 160 || child.exitCode !== null,
        { timeoutMs: 90_000, message: "the child to get halfway through the users" },
      );
      child.kill("SIGKILL");
      expect(await exited(child), child.output()).toBe("SIGKILL");
      expect(checkpoint?.listed).toBeGreaterThanOrEqual(160);
      const written = await db.prisma.clerkUser.count();
      expect(written).toBeGreaterThanOrEqual(160);
      expect(written).toBeLessThan(400);
      const interrupted = await db.prisma.clerkSyncRun.findFirstOrThrow({
        where: { command: "backfill" },
      });
      expect(interrupted.status).toBe("running");
      expect(api.counts()).toMatchObject({ 429: 1, 503: 2 });

      holdBack();
      api.setLatency(0);
      const resumedFrom = api.requests.length;
      const resumed = await cli(["backfill", "--resume", "--json", "--rate", "100000"], app, env);
      expect(resumed.code, resumed.err).toBe(0);
      const report = JSON.parse(resumed.out) as RunReport;
      expect(report).toMatchObject({ runId: interrupted.id, resumed: true, drift: 0 });
      // It went on from its checkpoint: its first page of users is past the ones already written.
      const next = api.requests.slice(resumedFrom).find((r) => r.path === "/users");
      expect(Number(next?.query.get("offset"))).toBeGreaterThanOrEqual(
        (checkpoint?.listed ?? 0) - 1,
      );
      expect(api.counts()[502]).toBe(2);
      await expectDatabaseEqualsClerk(db.prisma, api);
      expect(
        await db.prisma.clerkSyncRun.findUniqueOrThrow({ where: { id: interrupted.id } }),
      ).toMatchObject({
        status: "done",
      });
    });

    it("reconcile reports exactly N missing, M stale and K deleted, --fix repairs them, and the next report is zero", async () => {
      api.seed(TINY_INSTANCE);
      // The groups the drift below is in; the other groups are the backfill tests' business.
      const groups = ["user", "organization", "organizationMembership", "role"] as const;
      const only = ["--groups", groups.join(",")];
      await backfill({ prisma: db.prisma, api: apiOptions(api), groups });
      await expectDatabaseEqualsClerk(db.prisma, api, groups);
      const users = api.store.list("user");
      const withoutMemberships = users.filter(
        (u) =>
          !api.store
            .list("organizationMembership")
            .some((m) => (m.public_user_data as { user_id: string }).user_id === u.id),
      );
      // N = 3 missing here: rows lost (two users, an organization).
      const lost = [users[3], users[4]] as ClerkObject[];
      const lostOrg = api.store.list("organization")[2] as ClerkObject;
      await db.prisma.clerkUser.deleteMany({ where: { id: { in: lost.map((u) => u.id) } } });
      await db.prisma.clerkOrganization.delete({ where: { id: lostOrg.id } });
      // M = 4 stale: changed in Clerk after the database last heard (three users, a membership).
      for (const user of users.slice(10, 13))
        api.store.update("user", user.id, { last_name: "Changed" });
      const membership = api.store.list("organizationMembership")[0] as ClerkObject;
      api.store.update("organizationMembership", membership.id, { role: "org:admin" });
      // K = 2 deleted in Clerk, no webhook heard: a user and a role.
      const goneUser = withoutMemberships[0] as ClerkObject;
      const goneRole = api.store.list("role")[0] as ClerkObject;
      api.store.remove("user", goneUser.id);
      api.store.remove("role", goneRole.id);

      const found = await cli(["reconcile", ...only], app, env);
      expect(found.code, found.err).toBe(1);
      expect(found.out).toMatch(/^user\s+\d+\s+2\s+3\s+1$/m);
      expect(found.out).toMatch(/Drift: 9 row\(s\)\. Run "clerk-sync reconcile --fix"/);
      // The result is recorded: the same report, as the JSON output gives it.
      const recorded = await db.prisma.clerkSyncRun.findFirstOrThrow({
        where: { command: "reconcile" },
        orderBy: { startedAt: "desc" },
      });
      expect(recorded).toMatchObject({ status: "done", drift: 9, fix: false });
      const report = recorded.result as unknown as RunReport;
      const total = (key: "missing" | "stale" | "deleted") =>
        report.groups.reduce((n, g) => n + g[key], 0);
      expect({
        missing: total("missing"),
        stale: total("stale"),
        deleted: total("deleted"),
      }).toEqual({
        missing: 3,
        stale: 4,
        deleted: 2,
      });
      const group = (name: string) => report.groups.find((g) => g.group === name);
      expect(group("user")).toMatchObject({ missing: 2, stale: 3, deleted: 1 });
      expect(group("user")?.samples.missing.sort()).toEqual(lost.map((u) => u.id).sort());
      expect(group("user")?.samples.deleted).toEqual([goneUser.id]);
      expect(group("organization")).toMatchObject({ missing: 1, stale: 0, deleted: 0 });
      expect(group("organizationMembership")).toMatchObject({
        stale: 1,
        samples: { stale: [membership.id] },
      });
      expect(group("role")).toMatchObject({ deleted: 1, samples: { deleted: [goneRole.id] } });
      // Nothing was written: the rows are as they were.
      expect(
        await db.prisma.clerkUser.count({ where: { id: { in: lost.map((u) => u.id) } } }),
      ).toBe(0);

      const fixed = await cli(["reconcile", "--fix", ...only], app, env);
      expect(fixed.code, fixed.err + fixed.out).toBe(0);
      expect(fixed.out).toMatch(/In step with Clerk now/);
      const after = await cli(["reconcile", "--json", ...only], app, env);
      expect(after.code, after.out).toBe(0);
      const clean = JSON.parse(after.out) as RunReport;
      expect(clean.drift).toBe(0);
      expect(clean.groups.every((g) => g.missing + g.stale + g.deleted === 0)).toBe(true);
      await expectDatabaseEqualsClerk(db.prisma, api, groups);
      expect(await db.prisma.clerkUser.findUnique({ where: { id: goneUser.id } })).toMatchObject({
        deletedAt: expect.any(Date),
      });
    });

    it.runIf(provider === "sqlite")(
      "reports rows of groups without a delete event as not tombstoned, and refuses what cannot run",
      async () => {
        api.seed(TINY_INSTANCE);
        await backfill({ prisma: db.prisma, api: apiOptions(api), groups: ["invitation"] });
        const invitation = api.store.list("invitation")[0] as ClerkObject;
        api.store.remove("invitation", invitation.id);
        const fix = await cli(["reconcile", "--groups", "invitation", "--fix", "--json"], app, env);
        expect(fix.code).toBe(1);
        expect(JSON.parse(fix.out)).toMatchObject({
          drift: 1,
          groups: [{ group: "invitation", deleted: 1, unfixable: 1 }],
        });

        const typo = await cli(["backfill", "--groups", "usr"], app, env);
        expect(typo.code).toBe(2);
        expect(typo.err).toMatch(/"usr" is not an event group[\s\S]*Did you mean user/);
        const sessions = await cli(["backfill", "--groups", "session"], app, env);
        expect(sessions.code).toBe(2);
        expect(sessions.err).toMatch(/cannot list session[\s\S]*per user or per client/);
        const noKey = await cli(["reconcile"], app, { ...env, CLERK_SECRET_KEY: "" });
        expect(noKey.code).toBe(1);
        expect(noKey.err).toMatch(/needs the secret key[\s\S]*CLERK_SECRET_KEY/);
        const wrongKey = await cli(["backfill", "--groups", "role"], app, {
          ...env,
          CLERK_SECRET_KEY: "sk_test_wrong",
        });
        expect(wrongKey.code).toBe(1);
        expect(wrongKey.err).toMatch(/refused the secret key \(401\)[\s\S]*CLERK_SECRET_KEY/);
        const help = await cli(["backfill", "--help"], app, env);
        expect(help.out).toMatch(/--resume[\s\S]*cannot list sessions/);
      },
    );
  },
);
