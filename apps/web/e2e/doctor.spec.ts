import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_PUBLISHABLE_KEY } from "../src/demo/keys";

const APP_DIR = path.join(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3010);

interface Check {
  id: string;
  status: "ok" | "fail" | "skip";
  detail: string;
  fix?: string;
}

/** `clerk-sync doctor` as a user runs it in the app's directory, against a running server. */
function doctor(url: string, env: Record<string, string> = {}) {
  const result = spawnSync(
    path.join(APP_DIR, "node_modules", ".bin", "clerk-sync"),
    ["doctor", "--url", url, "--json"],
    {
      cwd: APP_DIR,
      encoding: "utf8",
      timeout: 90_000,
      env: {
        ...process.env,
        // The end-to-end servers' settings (scripts/e2e-server.ts).
        DATABASE_URL: "file:./.e2e/e2e.db",
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
        CLERK_SECRET_KEY: "sk_live_e2eplaceholder000000000000000000000000000",
        ...env,
      },
    },
  );
  const checks = new Map(
    (JSON.parse(result.stdout || "{}") as { checks?: Check[] }).checks?.map((c) => [c.id, c]) ?? [],
  );
  return { status: result.status, checks, output: `${result.stdout}${result.stderr}` };
}

test("clerk-sync doctor is all ✓ against the running demo app", () => {
  const run = doctor(`http://127.0.0.1:${port}/api/webhooks`);
  const failed = [...run.checks.values()].filter((c) => c.status === "fail");
  expect(failed, run.output).toEqual([]);
  expect(run.status).toBe(0);
  for (const id of [
    "route",
    "middleware",
    "probe",
    "database",
    "migrated",
    "tables",
    "wal",
    "handlers",
  ]) {
    expect(run.checks.get(id)?.status, id).toBe("ok");
  }
});

test("clerk-sync doctor names Clerk's middleware protecting a path, and a wrong secret", () => {
  // The protected server's proxy guards every path but /api/webhooks: a webhook there would be
  // hidden behind auth.protect().
  const guarded = doctor(`http://127.0.0.1:${port + 1}/api/webhooks-old`);
  expect(guarded.status).toBe(1);
  expect(guarded.checks.get("middleware"), guarded.output).toMatchObject({
    status: "fail",
    detail: expect.stringMatching(/Clerk's middleware protects the webhook route/),
    fix: expect.stringMatching(/Make \/api\/webhooks-old public in proxy\.ts/),
  });

  const wrongSecret = doctor(`http://127.0.0.1:${port}/api/webhooks`, {
    CLERK_WEBHOOK_SIGNING_SECRET: `whsec_${Buffer.alloc(24, 7).toString("base64")}`,
  });
  expect(wrongSecret.status).toBe(1);
  expect(wrongSecret.checks.get("probe")).toMatchObject({
    status: "fail",
    detail: expect.stringMatching(/rejects a probe signed with this CLERK_WEBHOOK_SIGNING_SECRET/),
  });
});
