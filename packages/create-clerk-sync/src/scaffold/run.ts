import { type ChildProcess, spawn } from "node:child_process";
import { CreateError, fileSystemErrnoIn } from "../errors.js";

/**
 * The tools running right now (create-next-app, pnpm, git), for an interrupt to stop before it
 * removes or reports on what they were writing.
 */
const running = new Set<ChildProcess>();

/**
 * Stop every running tool with `signal`, and wait until all have exited (up to `graceMs`, then
 * they are killed). A terminal's Ctrl-C reaches them already; a signal sent to this process only
 * (`kill -INT`) does not, hence the forwarding.
 */
export async function stopRunning(signal: NodeJS.Signals, graceMs = 5_000): Promise<void> {
  const children = [...running];
  const exited = children.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once("exit", () => resolve());
      }),
  );
  for (const child of children) child.kill(signal);
  const timer = setTimeout(() => killRunning(), graceMs);
  await Promise.all(exited);
  clearTimeout(timer);
}

/** Kill every running tool at once (for a process that is exiting and cannot wait). */
export function killRunning(): void {
  for (const child of running) child.kill("SIGKILL");
}

export interface RunResult {
  code: number;
  output: string;
}

/**
 * Run a command to completion, collecting its output (shown only when it fails: the scaffold
 * prints its own progress). Never rejects for a non-zero exit; `runOrThrow` does.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.once("exit", () => running.delete(child));
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

export async function runOrThrow(
  what: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; suggestion?: string },
): Promise<string> {
  let result: RunResult;
  try {
    result = await run(command, args, options);
  } catch (error) {
    throw new CreateError("STEP_FAILED", `${what}: could not start ${command}.`, {
      suggestion: options.suggestion ?? `Is ${command} installed and on your PATH?`,
      cause: error,
    });
  }
  if (result.code !== 0) {
    // A tool that failed writing (no space, read-only, no permission): an errno error, which the
    // scaffold reports as it reports its own failed writes.
    const errno = fileSystemErrnoIn(result.output);
    if (errno) {
      throw Object.assign(new Error(`${what} failed with ${errno}:\n${result.output}`), {
        code: errno,
      });
    }
    const tail = result.output.trim().split("\n").slice(-30).join("\n");
    throw new CreateError(
      "STEP_FAILED",
      `${what} failed (${command} exited with ${result.code}).`,
      {
        suggestion: `${options.suggestion ?? "See its output above."}\n\n${tail}`,
      },
    );
  }
  return result.output;
}
