import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

export interface CommandResult {
  code: number;
  output: string;
  ms: number;
}

/**
 * The environment for the tools a scaffolded repo runs: this process's, without what the
 * surrounding pnpm, turbo and vitest put into it (a child pnpm would take their npm_config_* for
 * its own settings; Next.js refuses NODE_ENV=test for a build), but with the settings this
 * machine needs (npm_config_nodedir for native builds, Prisma's engine).
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|TURBO_|VITEST|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|TEST$)/i.test(key)) continue;
    env[key] = value;
  }
  if (process.env.npm_config_nodedir) env.npm_config_nodedir = process.env.npm_config_nodedir;
  return { ...env, ...extra };
}

/**
 * Run a command to completion; its output goes to `log` (a file) as it comes, and is returned.
 * Bounded: past `timeoutMs` the whole process group is killed.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log?: string; timeoutMs?: number },
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const { child, output, append } = spawnLogged(command, args, options, "");
    const timer = setTimeout(
      () => {
        append(`\n[killed after ${options.timeoutMs} ms]\n`);
        killGroup(child);
      },
      options.timeoutMs ?? 15 * 60_000,
    );
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output: output(), ms: performance.now() - started });
    });
  });
}

/** A long-running process (a server, a worker), stopped with its whole process group. */
export interface Service {
  readonly output: () => string;
  stop(): Promise<void>;
}

export function startService(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log?: string },
): Service {
  const { child, output } = spawnLogged(command, args, options, " &");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, "SIGTERM");
      const forced = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/**
 * Spawn in a process group of its own, collecting stdout and stderr and copying them to `log`
 * (headed by the command line, `suffix` marking a background one).
 */
function spawnLogged(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log?: string },
  suffix: string,
) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const append = (chunk: Buffer | string) => {
    output += chunk;
    writeLog(options.log, chunk);
  };
  writeLog(options.log, `\n$ ${command} ${args.join(" ")}${suffix}\n`);
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return { child, output: () => output, append };
}

/** Append to the log, unless it is gone (a test cleaned up while a process still printed). */
function writeLog(log: string | undefined, text: string | Buffer): void {
  if (!log) return;
  try {
    fs.appendFileSync(log, text);
  } catch {
    // The run's folder was removed.
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Poll `check` until it returns a value, at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
}

/** A TCP port nobody listens on right now (the system picks it), for a server under test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
