import { CodedError } from "../errors/coded-error.js";

/** Why a command could not run. Each has a stable code and a suggestion for what to do instead. */
export type CliErrorCode =
  | "USAGE"
  | "UNKNOWN_COMMAND"
  | "MISSING_URL"
  | "BAD_URL"
  | "BAD_SECRET"
  | "BAD_NUMBER"
  | "UNKNOWN_EVENT_TYPE"
  | "NO_FIXTURE"
  | "UNKNOWN_SCENARIO"
  | "BAD_FILE"
  | "SEND_FAILED"
  | "CONFIG_NOT_FOUND"
  | "CONFIG_LOAD_FAILED"
  | "CONFIG_NO_CLERK_SYNC"
  | "QUEUE_HAS_NO_WORKER";

export class CliError extends CodedError<CliErrorCode> {
  override readonly name = "CliError";
  /** 2 for a command line that cannot be run as written, 1 for anything else. */
  readonly exitCode: number;

  constructor(
    code: CliErrorCode,
    message: string,
    options: { suggestion: string; cause?: unknown; exitCode?: number },
  ) {
    super(code, message, options);
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A command line that cannot be run as written (exit code 2). */
export function usageError(code: CliErrorCode, message: string, suggestion: string): CliError {
  return new CliError(code, message, { suggestion, exitCode: 2 });
}
