import { CodedError } from "@acme/clerk-sync/errors";

export type GeneratorErrorCode =
  | "APP_NOT_FOUND"
  | "NOT_A_NEXT_APP"
  | "NOT_AN_APP_ROUTER_APP"
  | "NEXT_TOO_OLD"
  | "NO_CLERK"
  | "CLERK_TOO_OLD"
  | "EXISTING_WEBHOOK_ROUTE"
  | "ROUTE_PATH_TAKEN"
  | "INVALID_WEBHOOK_PATH"
  | "UNKNOWN_CHOICE"
  | "MISSING_ANSWERS"
  | "PROXY_AND_MIDDLEWARE"
  | "UNKNOWN_GROUP"
  | "NO_GROUPS"
  | "UNKNOWN_PROVIDER"
  | "UNKNOWN_QUEUE"
  | "PROVIDER_MISMATCH"
  | "UNPARSABLE_FILE"
  | "UNPINNED_DEPENDENCY";

/**
 * Every error the generators raise: a stable `code`, what went wrong, and what to do about it.
 * Entry points (plop, turbo gen, the create CLI) render all three in one place.
 */
export class GeneratorError extends CodedError<GeneratorErrorCode> {
  override readonly name = "GeneratorError";
  /** The command-line flags whose answers would resolve it (exit 2 when none can be asked). */
  readonly flags: readonly string[];

  constructor(
    code: GeneratorErrorCode,
    message: string,
    options: { suggestion: string; cause?: unknown; flags?: readonly string[] },
  ) {
    super(code, message, options);
    this.flags = options.flags ?? [];
  }
}

export function isGeneratorError(error: unknown): error is GeneratorError {
  return error instanceof GeneratorError;
}
