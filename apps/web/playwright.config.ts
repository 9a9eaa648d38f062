import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3010);
const hasChromium = fs.existsSync(chromium);

if (!hasChromium) {
  const message = `Chromium not found at ${chromium} (set CHROMIUM_PATH, or install Debian's chromium).`;
  if (process.env.CI) throw new Error(`${message} The end-to-end tests need it in CI.`);
  // Locally: say so and run nothing. The runner itself never passes with no tests, so a wrong
  // testDir or a filter that matches nothing fails.
  console.warn(`\n${message} The end-to-end tests did not run.\n`);
  process.exit(0);
}

// One secret for the whole run: the servers verify with it and the tests sign with it. The
// runner sets it before starting workers, which inherit it.
process.env.CLERK_WEBHOOK_SIGNING_SECRET ??= `whsec_${randomBytes(24).toString("base64")}`;
process.env.E2E_PORT = String(port);
// The key the tests sign session tokens with; the server with real-format keys verifies them
// against its public half (see e2e/session-token.ts).
process.env.E2E_SESSION_PRIVATE_KEY ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `http://127.0.0.1:${port}/`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      CLERK_WEBHOOK_SIGNING_SECRET: process.env.CLERK_WEBHOOK_SIGNING_SECRET,
      E2E_SESSION_PRIVATE_KEY: process.env.E2E_SESSION_PRIVATE_KEY,
      E2E_PORT: String(port),
    },
  },
});
