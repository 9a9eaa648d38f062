/** Every way the scaffold refuses to run, each with a stable code for scripts and tests. */
export type CreateErrorCode =
  | "UNKNOWN_FLAG"
  | "INVALID_FLAG"
  | "INVALID_DIRECTORY"
  | "DIRECTORY_NOT_EMPTY"
  | "UNKNOWN_GROUP"
  | "NO_GROUPS"
  | "UNKNOWN_DATABASE"
  | "INVALID_DATABASE_URL"
  | "UNKNOWN_QUEUE"
  | "INVALID_REDIS_URL"
  | "KIT_INCOMPLETE"
  | "STEP_FAILED"
  | "CANCELLED";

/**
 * A failure the user can act on: what went wrong, and what to do about it. The CLI renders it in
 * one place and exits non-zero; nothing else prints errors.
 *
 * @example
 * throw new CreateError("UNKNOWN_QUEUE", 'Unknown queue "kafka".', {
 *   suggestion: "Use --queue inline or --queue bullmq.",
 * });
 */
export class CreateError extends Error {
  override readonly name = "CreateError";
  readonly code: CreateErrorCode;
  readonly suggestion: string;

  constructor(
    code: CreateErrorCode,
    message: string,
    options: { suggestion: string; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.suggestion = options.suggestion;
  }
}

export function isCreateError(error: unknown): error is CreateError {
  return error instanceof CreateError;
}
