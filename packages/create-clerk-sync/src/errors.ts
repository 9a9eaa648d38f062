// The kit's one coded-error base. This package ships without the library as a dependency, so
// coded-error.ts here is a link to the library's file, which this package's build compiles in.
import { CodedError } from "./coded-error.js";

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
  | "PERMISSION_DENIED"
  | "READ_ONLY_FILESYSTEM"
  | "NO_SPACE"
  | "CANCELLED"
  | "INTERRUPTED";

/**
 * A failure the user can act on: what went wrong, and what to do about it. The CLI renders it in
 * one place and exits non-zero; nothing else prints errors.
 *
 * @example
 * throw new CreateError("UNKNOWN_QUEUE", 'Unknown queue "kafka".', {
 *   suggestion: "Use --queue inline or --queue bullmq.",
 * });
 */
export class CreateError extends CodedError<CreateErrorCode> {
  override readonly name = "CreateError";
}

export function isCreateError(error: unknown): error is CreateError {
  return error instanceof CreateError;
}

/** File-system failures the user can fix, by errno: what happened, and what to do about it. */
const FILESYSTEM_ERRORS: Record<
  string,
  { code: CreateErrorCode; what: string; suggestion: (dir: string) => string }
> = {
  EACCES: {
    code: "PERMISSION_DENIED",
    what: "permission denied",
    suggestion: (dir) =>
      `Pick a directory you can write to, or fix the permissions of ${dir} (ls -ld ${dir}).`,
  },
  EPERM: {
    code: "PERMISSION_DENIED",
    what: "operation not permitted",
    suggestion: (dir) =>
      `Pick a directory you can write to, or fix the permissions of ${dir} (ls -ld ${dir}).`,
  },
  EROFS: {
    code: "READ_ONLY_FILESYSTEM",
    what: "the file system is read-only",
    suggestion: () => "Create the repo on a writable disk, e.g. under your home directory.",
  },
  ENOSPC: {
    code: "NO_SPACE",
    what: "no space left on the device",
    suggestion: (dir) =>
      `Free some space on the disk holding ${dir} (df -h ${dir}), or create the repo on another disk. The repo takes about 1 MB, its dependencies up to 1 GB more (pnpm's store).`,
  },
  EDQUOT: {
    code: "NO_SPACE",
    what: "disk quota exceeded",
    suggestion: (dir) => `Free some of your quota on the disk holding ${dir}, or use another disk.`,
  },
};

/**
 * The CreateError for a file-system failure (`error.code` EACCES, EPERM, EROFS, ENOSPC, EDQUOT),
 * naming the path it happened at (as `shown` maps it); undefined for any other error. `dir` is
 * where the repo goes.
 *
 * @example fileSystemError(Object.assign(new Error(), { code: "ENOSPC", path: "/x" }), "/x")?.code // "NO_SPACE"
 */
export function fileSystemError(
  error: unknown,
  dir: string,
  shown: (path: string) => string = (path) => path,
): CreateError | undefined {
  const {
    code,
    path: from,
    dest,
  } = (error ?? {}) as {
    code?: unknown;
    path?: unknown;
    dest?: unknown;
  };
  const known = typeof code === "string" ? FILESYSTEM_ERRORS[code] : undefined;
  if (!known) return undefined;
  // A failed copy names its source in `path` and what it was writing in `dest`.
  const at = typeof dest === "string" ? dest : from;
  const where = typeof at === "string" ? shown(at) : dir;
  return new CreateError(known.code, `Could not write ${where}: ${known.what} (${code}).`, {
    suggestion: known.suggestion(dir),
    cause: error,
  });
}

/** The errno a tool printed when it failed (create-next-app, pnpm), if it is a file-system one. */
export function fileSystemErrnoIn(output: string): string | undefined {
  return /\b(EACCES|EPERM|EROFS|ENOSPC|EDQUOT)\b/.exec(output)?.[1];
}
