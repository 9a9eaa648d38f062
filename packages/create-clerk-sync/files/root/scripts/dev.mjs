// `pnpm dev [--port <n>]`: every package's dev task through turbo (the app's next dev, the
// library's tsc --watch). turbo hands the arguments after `--` to every task it runs, builds and
// code generation included, and only next dev knows --port; it reads PORT too, so the port goes
// through the environment (turbo.json lets PORT through).
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";

let port;
try {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: { port: { type: "string", short: "p" } },
  });
  port = values.port;
} catch (error) {
  console.error(`${error.message}\nUsage: pnpm dev [--port <n>]  (or PORT=<n> pnpm dev)`);
  process.exit(2);
}
if (port !== undefined && !/^\d{1,5}$/.test(port)) {
  console.error(`--port must be a port number, got "${port}".`);
  process.exit(2);
}

const env = port === undefined ? process.env : { ...process.env, PORT: port };
const turbo = spawn("turbo", ["run", "dev"], {
  stdio: "inherit",
  env,
  shell: process.platform === "win32",
});
// Ctrl-C reaches turbo from the terminal (it stops its tasks and exits, and so do we); a SIGTERM
// sent to this script alone is passed on (turbo's launcher forwards it).
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => turbo.kill("SIGTERM"));
turbo.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)));
