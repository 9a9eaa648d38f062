import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CommandResult, runCommand } from "./commands.js";

const ACTION_VALIDATOR = fileURLToPath(
  new URL("../../node_modules/.bin/action-validator", import.meta.url),
);

/**
 * Check a GitHub Actions workflow against GitHub's schema with action-validator (the npm
 * package @action-validator/cli): exit code 0 when valid, its errors in the output otherwise.
 *
 * @example (await validateWorkflow(".github/workflows/ci.yml")).code // 0
 */
export function validateWorkflow(file: string): Promise<CommandResult> {
  return runCommand(ACTION_VALIDATOR, [path.basename(file)], {
    cwd: path.dirname(file),
    timeoutMs: 60_000,
  });
}
