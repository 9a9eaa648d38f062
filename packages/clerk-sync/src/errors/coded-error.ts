/**
 * The one shape of every error the kit raises, in the library, its CLI, the generators and the
 * create scaffold: a stable `code` for scripts and tests, what went wrong (`message`) and what to
 * do about it (`suggestion`). Each package narrows `Code` to its own union and adds what only it
 * needs (an HTTP status, an exit code, the flags that would answer it).
 *
 * This module imports nothing, so every package can use it: the generators through
 * `@acme/clerk-sync/errors`, the create scaffold (which ships without the library as a
 * dependency) through a link to this file that its build compiles in.
 *
 * @example
 * class AppError extends CodedError<"NOPE"> { override readonly name = "AppError"; }
 * new AppError("NOPE", "It failed.", { suggestion: "Try again." }).describe()
 * // "It failed.\n  → Try again. (NOPE)"
 */
export class CodedError<Code extends string = string> extends Error {
  override readonly name: string = "CodedError";
  readonly code: Code;
  readonly suggestion: string;

  constructor(code: Code, message: string, options: { suggestion: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.suggestion = options.suggestion;
  }

  /** The message with its suggestion and code, as the command-line tools print it. */
  describe(): string {
    return `${this.message}\n  → ${this.suggestion} (${this.code})`;
  }

  /** What an HTTP answer or a JSON log line carries: no stack, no cause. */
  toJSON(): { code: Code; message: string; suggestion: string } {
    return { code: this.code, message: this.message, suggestion: this.suggestion };
  }
}

/**
 * Whether a thrown value is a coded error of any of the kit's packages. It checks the shape, not
 * the class, so it also holds for an error thrown by another copy of this module (the generators
 * as the create scaffold loads them from its kit).
 */
export function isCodedError(error: unknown): error is CodedError {
  if (!(error instanceof Error)) return false;
  const { code, suggestion } = error as { code?: unknown; suggestion?: unknown };
  return typeof code === "string" && typeof suggestion === "string";
}
