import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../src/cli/run.js";
import type { Check } from "../src/doctor/index.js";
import { type ClerkSync, createClerkSync, silentLogger } from "../src/index.js";
import { syncHandlers } from "../src/prisma/index.js";
import { fixture, generateSigningSecret, signPayload } from "../src/testing/index.js";
import { openTestDatabase, type TestDatabase } from "./support/db.js";
import { deliver } from "./support/harness.js";
import { type Provider, RUN_PREFIX, TMP_DIR } from "./support/providers.js";
import {
  REDIS_PREFIX,
  removeQueue,
  testBullmqQueue,
  testQueueName,
  useWal,
} from "./support/queue-harness.js";
import { serveWebhooks } from "./support/queue-server.js";
import { PG_URL, pgDatabaseUrl, REDIS_URL } from "./support/services.js";
import { writeSyncApp } from "./support/sync-app.js";

interface DoctorRun {
  code: number;
  out: string;
  checks: Map<string, Check>;
}

/**
 * `clerk-sync doctor` in this process, with the app's settings, in an app directory of its own for
 * each `variant`: the app's modules read their settings once, when first loaded.
 */
async function doctor(
  variant: string,
  url: string,
  env: Record<string, string>,
): Promise<DoctorRun> {
  const app = writeSyncApp(
    `doctor-app-${env.TEST_PROVIDER}-${variant}-${process.env.VITEST_POOL_ID ?? 0}`,
  );
  const run = async (json: boolean) => {
    const out: string[] = [];
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const code = await runCli(["doctor", "--url", url, ...(json ? ["--json"] : [])], {
        out: (line) => out.push(line),
        err: (line) => out.push(line),
        env: process.env,
        cwd: app,
        onStop: () => () => {},
      });
      return { code, out: out.join("\n") };
    } finally {
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  };
  const json = await run(true);
  const text = await run(false);
  expect(text.code).toBe(json.code);
  const report = JSON.parse(json.out) as { checks: Check[] };
  return { code: json.code, out: text.out, checks: new Map(report.checks.map((c) => [c.id, c])) };
}

const PUBLISHABLE_KEY = `pk_test_${Buffer.from("doctor-test.clerk.accounts.dev$").toString("base64")}`;

/** A database with no tables at all: never migrated. */
async function emptyDatabase(provider: Provider): Promise<string> {
  if (provider === "sqlite") {
    const file = path.join(TMP_DIR, `doctor_empty_${process.env.VITEST_POOL_ID ?? 0}.db`);
    fs.rmSync(file, { force: true });
    return `file:${file}`;
  }
  const database = `${RUN_PREFIX}_doctor_empty_${process.env.VITEST_POOL_ID ?? 0}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return pgDatabaseUrl(database);
}

describe.each(inject("providers"))("clerk-sync doctor on %s", (provider) => {
  let db: TestDatabase;
  let sync: ClerkSync;
  let server: { url: string; close(): Promise<void> };
  let env: Record<string, string>;
  const secret = generateSigningSecret();

  beforeAll(async () => {
    db = await openTestDatabase(provider, "doctor");
    await useWal(db.prisma, provider);
    // The running app: the kit's route over a real HTTP server, with its own signing secret.
    sync = createClerkSync({
      prisma: db.prisma,
      handlers: syncHandlers("all"),
      signingSecret: secret,
      logger: silentLogger,
      sweeper: false,
    });
    server = await serveWebhooks(sync);
    env = {
      TEST_PROVIDER: provider,
      DATABASE_URL: db.url,
      CLERK_WEBHOOK_SIGNING_SECRET: secret,
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: "sk_test_doctortestsecretkey0000000000000000",
      SYNC_HANDLERS: "all",
      QUEUE: "inline",
    };
  });
  afterAll(async () => {
    await server?.close();
    await sync?.close();
    await db?.close();
  });

  it("is all ✓ against a healthy app, and its signed probe leaves nothing in the ledger", async () => {
    const run = await doctor("healthy", server.url, env);
    expect(run.code, run.out).toBe(0);
    for (const id of [
      "secret",
      "keys",
      "route",
      "middleware",
      "probe",
      "clock",
      "database",
      "migrated",
      "tables",
      "backlog",
      "failures",
      "handlers",
    ]) {
      expect(run.checks.get(id)?.status, `${id}: ${run.out}`).toBe("ok");
    }
    expect(run.checks.get("wal")?.status).toBe(provider === "sqlite" ? "ok" : "skip");
    expect(run.checks.get("workers")).toMatchObject({
      status: "skip",
      detail: expect.stringMatching(/inline/),
    });
    expect(run.out).toMatch(
      /^✓ Signed probe: a probe signed with CLERK_WEBHOOK_SIGNING_SECRET verifies/m,
    );
    expect(run.out).toMatch(
      /^Subscribe the endpoint to \(Clerk Dashboard → Webhooks\): user\.created user\.updated user\.deleted organization\.created/m,
    );
    expect(run.out).not.toMatch(/^✗/m);
    expect(await db.prisma.clerkWebhookEvent.count()).toBe(0);
  });

  it("names an unmigrated database and its fix", async () => {
    const run = await doctor("unmigrated", server.url, {
      ...env,
      DATABASE_URL: await emptyDatabase(provider),
    });
    expect(run.code).toBe(1);
    expect(run.checks.get("database")?.status).toBe("ok");
    expect(run.checks.get("migrated")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/no table for clerkWebhookEvent, clerkSyncRun/),
      fix: expect.stringMatching(/prisma migrate deploy/),
    });
    expect(run.checks.get("tables")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/clerkUser/),
    });
    expect(run.checks.get("backlog")?.status).toBe("skip");
    expect(run.out).toMatch(/^✗ Database migrated: .* → fix: Run the migrations/m);
  });

  it.runIf(provider === "sqlite")(
    "names a wrong signing secret, a missing route, missing handlers, a journal not in WAL",
    async () => {
      const wrongSecret = await doctor("wrong-secret", server.url, {
        ...env,
        CLERK_WEBHOOK_SIGNING_SECRET: generateSigningSecret(),
      });
      expect(wrongSecret.code).toBe(1);
      expect(wrongSecret.checks.get("secret")?.status).toBe("ok");
      expect(wrongSecret.checks.get("probe")).toMatchObject({
        status: "fail",
        detail: expect.stringMatching(
          /rejects a probe signed with this CLERK_WEBHOOK_SIGNING_SECRET/,
        ),
        fix: expect.stringMatching(/verifies with another secret/),
      });

      const missingRoute = await doctor(
        "missing-route",
        server.url.replace("/api/webhooks", "/api/webhook"),
        env,
      );
      expect(missingRoute.code).toBe(1);
      expect(missingRoute.checks.get("route")).toMatchObject({
        status: "fail",
        detail: expect.stringMatching(/answered 404: no route at that path/),
        fix: expect.stringMatching(/createWebhookRoute/),
      });

      const createdOnly = await doctor("created-only", server.url, {
        ...env,
        SYNC_HANDLERS: "created-only",
      });
      expect(createdOnly.code).toBe(1);
      expect(createdOnly.checks.get("handlers")).toMatchObject({
        status: "fail",
        detail: "user lacks user.updated, user.deleted",
        fix: expect.stringMatching(/syncHandlers\(\["user"\]\)/),
      });
      expect(createdOnly.out).toMatch(
        /Subscribe the endpoint to \(Clerk Dashboard → Webhooks\): user\.created user\.updated user\.deleted$/m,
      );

      // A database never put in WAL mode (the journal Prisma's migrations leave).
      const plain = await openTestDatabase(provider, "doctor_plain");
      try {
        const notWal = await doctor("not-wal", server.url, { ...env, DATABASE_URL: plain.url });
        expect(notWal.checks.get("wal")).toMatchObject({
          status: "fail",
          detail: expect.stringMatching(/^delete, not WAL/),
          fix: expect.stringMatching(/journal_mode=WAL/),
        });
      } finally {
        await plain.close();
      }

      const mixedKeys = await doctor("mixed-keys", server.url, {
        ...env,
        CLERK_SECRET_KEY: "sk_live_doctortestsecretkey00000000000000",
      });
      expect(mixedKeys.checks.get("keys")).toMatchObject({
        status: "fail",
        detail: expect.stringMatching(/pk_test_ with sk_live_/),
      });

      const down = await doctor("down", "http://127.0.0.1:9/api/webhooks", env);
      expect(down.checks.get("route")).toMatchObject({
        status: "fail",
        fix: expect.stringMatching(/Start the app/),
      });
    },
  );

  it.runIf(provider === "sqlite" && inject("redis"))(
    "names BullMQ workers that are not running, with deliveries waiting for them",
    async () => {
      const queueName = testQueueName("doctor");
      const web = createClerkSync({
        prisma: db.prisma,
        handlers: syncHandlers("all"),
        signingSecret: secret,
        logger: silentLogger,
        sweeper: false,
        queue: testBullmqQueue("doctor", { queueName }),
      });
      try {
        const delivery = signPayload(fixture("user.created"), { secret });
        expect((await deliver(web, delivery)).status).toBe(200);
        const run = await doctor("bullmq", server.url, {
          ...env,
          QUEUE: "bullmq",
          REDIS_URL,
          QUEUE_NAME: queueName,
          QUEUE_PREFIX: REDIS_PREFIX,
        });
        expect(run.code).toBe(1);
        expect(run.checks.get("redis")?.status).toBe("ok");
        expect(run.checks.get("workers")).toMatchObject({
          status: "fail",
          // The queue's name in Redis: its name, then the database's fingerprint.
          detail: expect.stringMatching(`no worker is consuming queue "${queueName}\\.[0-9a-f]+"`),
          fix: expect.stringMatching(/clerk-sync worker --config/),
        });
        expect(run.checks.get("backlog")).toMatchObject({
          status: "ok",
          detail: expect.stringMatching(/^1 waiting, the oldest for \d+ s$/),
        });

        // With a worker consuming, the same line turns ✓.
        await web.queue.startWorker?.({ concurrency: 1 });
        const working = await doctor("bullmq-working", server.url, {
          ...env,
          QUEUE: "bullmq",
          REDIS_URL,
          QUEUE_NAME: queueName,
          QUEUE_PREFIX: REDIS_PREFIX,
        });
        expect(working.checks.get("workers")?.status, working.out).toBe("ok");
      } finally {
        await web.close();
        await removeQueue(queueName);
        await db.reset();
      }
    },
  );
});
