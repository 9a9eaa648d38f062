// The offline demo in one command: prepare settings and database, build what is out of date,
// serve the production build on http://localhost:3000 (PORT to change it).
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { buildIfStale } from "./build-if-stale";
import { APP_DIR } from "./prisma";
import { setup } from "./setup";

const port = Number(process.env.PORT ?? 3000);

/** Whether nothing listens on the port yet (Next.js binds every interface, so this probe does). */
function portIsFree(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

try {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`PORT must be a port number from 1 to 65535, got "${process.env.PORT}".`);
  }
  // Before anything else: with the port taken, the server would fail after the build, and the
  // page at the URL would be another program's.
  if (!(await portIsFree())) {
    throw new Error(
      `port ${port} is in use (another server, or the demo already running). Stop it, or pick another port: PORT=${port === 3000 ? 3001 : 3000} npm run demo`,
    );
  }
  const env = setup();
  buildIfStale(env);
  const server = spawn(
    path.join(APP_DIR, "node_modules", ".bin", "next"),
    ["start", "--port", String(port)],
    {
      cwd: APP_DIR,
      stdio: "inherit",
      env: { ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on("exit", (code) => process.exit(code ?? 0));

  // Announce the URL once the server answers, after Next.js's own start-up lines.
  for (let i = 0; i < 240; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" }).then(
      () => true,
      () => false,
    );
    if (up) {
      console.log(`\n  clerk-sync demo: http://localhost:${port}\n  (Ctrl+C to stop)\n`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
