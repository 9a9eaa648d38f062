// The end-to-end tests' servers, both from the same production build (built first if stale):
//   E2E_PORT      (3010) the demo: placeholder keys, its own fresh SQLite database
//   E2E_PORT + 1  (3011) real-format Clerk keys, so the proxy requires sign-in
//   E2E_PORT + 2  (3012) that instance's Backend API, as far as verifying a session goes: the
//                 JWKS for the run's session key (E2E_SESSION_PRIVATE_KEY, see e2e/session-token.ts)
// The protected one starts first: once the demo answers (Playwright waits for it), both do.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { jwksOf } from "../e2e/session-token";
import { DEMO_PUBLISHABLE_KEY } from "../src/demo/keys";
import { buildIfStale } from "./build-if-stale";
import { APP_DIR } from "./prisma";
import { setup } from "./setup";

/** A production-format key for a Clerk instance that does not exist (clerk.acme-e2e.test). */
const E2E_REAL_FORMAT_PUBLISHABLE_KEY = `pk_live_${Buffer.from("clerk.acme-e2e.test$").toString("base64")}`;

const port = Number(process.env.E2E_PORT ?? 3010);
const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET;
const sessionKey = process.env.E2E_SESSION_PRIVATE_KEY;
if (!secret || !sessionKey) {
  console.error(
    "e2e-server: CLERK_WEBHOOK_SIGNING_SECRET and E2E_SESSION_PRIVATE_KEY must be set (playwright.config.ts sets them)",
  );
  process.exit(1);
}

const base: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: "file:./.e2e/e2e.db",
  CLERK_WEBHOOK_SIGNING_SECRET: secret,
  CLERK_SECRET_KEY: "sk_live_e2eplaceholder000000000000000000000000000",
};
const children: ChildProcess[] = [];

function start(name: string, listen: number, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(
    path.join(APP_DIR, "node_modules", ".bin", "next"),
    ["start", "--port", String(listen)],
    {
      cwd: APP_DIR,
      env: { ...env, PORT: String(listen) },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`e2e-server: the ${name} server exited (${signal ?? code})`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function answered(listen: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const up = await fetch(`http://127.0.0.1:${listen}/`, { redirect: "manual" }).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`nothing answered on port ${listen}`);
}

/** The Backend API's JWKS endpoint, the only one Clerk's middleware calls to verify a session. */
function serveJwks(listen: number, privateKeyPem: string): Promise<void> {
  const body = JSON.stringify(jwksOf(privateKeyPem));
  const server = http.createServer((request, response) => {
    const found = request.url === "/v1/jwks";
    response.writeHead(found ? 200 : 404, { "content-type": "application/json" });
    response.end(found ? body : "{}");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen, "127.0.0.1", () => resolve());
  });
}

let stopping = false;
function stop(code: number): void {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));

try {
  buildIfStale(base);
  setup({ env: base, fresh: true, envFile: false, generate: false, quiet: true });
  await serveJwks(port + 2, sessionKey);
  start("protected", port + 1, {
    ...base,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: E2E_REAL_FORMAT_PUBLISHABLE_KEY,
    CLERK_API_URL: `http://127.0.0.1:${port + 2}`,
  });
  await answered(port + 1);
  start("demo", port, { ...base, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY });
} catch (error) {
  console.error(`e2e-server: ${error instanceof Error ? error.message : String(error)}`);
  stop(1);
}
