import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

const APP_DIR = path.join(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3010);

function demo(env: Record<string, string>) {
  return spawnSync(path.join(APP_DIR, "node_modules", ".bin", "tsx"), ["scripts/demo.ts"], {
    cwd: APP_DIR,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

test("the demo command refuses a port already in use, before building or serving anything", () => {
  // The test server holds this port.
  const taken = demo({ PORT: String(port) });
  expect(taken.status).toBe(1);
  expect(taken.stderr).toContain(`demo: port ${port} is in use`);
  expect(taken.stderr).toMatch(/PORT=\d+ npm run demo/);
  expect(taken.stdout).not.toContain("clerk-sync demo: http://");

  const bad = demo({ PORT: "eighty" });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('PORT must be a port number from 1 to 65535, got "eighty"');
});
