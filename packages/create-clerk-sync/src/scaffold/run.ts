import { spawn } from "node:child_process";
import { CreateError } from "../errors.js";

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
