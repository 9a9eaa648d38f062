import { CreateError } from "../errors.js";
import type { License } from "../scaffold/license.js";
import type { Flags } from "./flags.js";
import {
  type DatabaseProvider,
  DEFAULT_DIRECTORY,
  DEFAULT_GROUPS,
  DEFAULT_REDIS_URL,
  DEFAULT_SQLITE_URL,
  defaultPostgresUrl,
  type GroupCatalog,
  providerOfUrl,
  type QueueKind,
  validateDatabase,
  validateDatabaseUrl,
  validateDirectory,
  validateGroups,
  validateLicense,
  validateQueue,
  validateRedisUrl,
} from "./validate.js";

/** Everything the scaffold needs to know, validated. */
export interface CreateOptions {
  /** Absolute path of the new repo. */
  directory: string;
  /** The repo's package name (its directory name). */
  name: string;
  /** Event groups to sync, in catalog order. */
  groups: string[];
  database: DatabaseProvider;
  databaseUrl: string;
  queue: QueueKind;
  /** Only for the BullMQ queue. */
  redisUrl: string | undefined;
  /** The LICENSE file's license, or none. */
  license: License | "none";
  install: boolean;
  git: boolean;
}

/**
 * Check every flag that was given, before any prompt: a typo fails at once, not after five
 * questions. Returns the provider implied by the flags, if any.
 */
export function checkFlags(flags: Flags, catalog: GroupCatalog, cwd: string): void {
  if (flags.directory !== undefined) validateDirectory(flags.directory, cwd);
  if (flags.groups !== undefined) validateGroups(flags.groups, catalog);
  if (flags.license !== undefined) validateLicense(flags.license);
  const database = databaseOf(flags);
  if (flags.databaseUrl !== undefined && database) validateDatabaseUrl(database, flags.databaseUrl);
  const queue = flags.queue === undefined ? undefined : validateQueue(flags.queue);
  if (flags.redisUrl !== undefined) {
    validateRedisUrl(flags.redisUrl);
    if (queue === "inline") {
      throw new CreateError("INVALID_FLAG", "--redis-url was given with --queue inline.", {
        suggestion: "Redis is only used by --queue bullmq: drop --redis-url, or use bullmq.",
      });
    }
  }
}

/**
 * The database named by --database, or implied by the scheme of --database-url.
 *
 * @example databaseOf({ databaseUrl: "postgresql://localhost/app" }) // "postgresql"
 */
export function databaseOf(
  flags: Pick<Flags, "database" | "databaseUrl">,
): DatabaseProvider | undefined {
  if (flags.database !== undefined) return validateDatabase(flags.database);
  if (flags.databaseUrl === undefined) return undefined;
  const implied = providerOfUrl(flags.databaseUrl.trim());
  if (!implied) {
    throw new CreateError(
      "INVALID_DATABASE_URL",
      `"${flags.databaseUrl}" is neither a SQLite (file:) nor a PostgreSQL (postgresql://) URL.`,
      {
        suggestion: `Use ${DEFAULT_SQLITE_URL}, or postgresql://user:password@host:5432/db with --database postgresql.`,
      },
    );
  }
  return implied;
}

/**
 * Options from flags alone, with the defaults for whatever was not given (`--yes`, CI, no TTY).
 *
 * @example
 * resolveOptions(parseFlags(["app", "--yes"]), catalog, process.cwd()).database // "sqlite"
 */
export function resolveOptions(flags: Flags, catalog: GroupCatalog, cwd: string): CreateOptions {
  checkFlags(flags, catalog, cwd);
  const { directory, name } = validateDirectory(flags.directory ?? DEFAULT_DIRECTORY, cwd);
  const database = databaseOf(flags) ?? "sqlite";
  const queue = flags.queue === undefined ? "inline" : validateQueue(flags.queue);
  return {
    directory,
    name,
    groups: validateGroups(flags.groups ?? [...DEFAULT_GROUPS], catalog),
    database,
    databaseUrl: validateDatabaseUrl(
      database,
      flags.databaseUrl ?? defaultDatabaseUrl(database, name),
    ),
    queue,
    redisUrl:
      queue === "bullmq" ? validateRedisUrl(flags.redisUrl ?? DEFAULT_REDIS_URL) : undefined,
    license: validateLicense(flags.license ?? "MIT"),
    install: flags.install ?? true,
    git: flags.git ?? true,
  };
}

export function defaultDatabaseUrl(database: DatabaseProvider, name: string): string {
  return database === "sqlite" ? DEFAULT_SQLITE_URL : defaultPostgresUrl(name);
}
