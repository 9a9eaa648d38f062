import * as p from "@clack/prompts";
import { CreateError } from "../errors.js";
import type { Flags } from "./flags.js";
import { type CreateOptions, checkFlags, databaseOf, defaultDatabaseUrl } from "./resolve.js";
import {
  type DatabaseProvider,
  DEFAULT_DIRECTORY,
  DEFAULT_GROUPS,
  DEFAULT_REDIS_URL,
  type GroupCatalog,
  type QueueKind,
  validateDatabaseUrl,
  validateDirectory,
  validateGroups,
  validateLicense,
  validateQueue,
  validateRedisUrl,
} from "./validate.js";

/** What the group prompt shows for each group. */
export interface GroupInfo {
  readonly label: string;
  readonly events: readonly string[];
}

/**
 * Ask for every option the flags left open, in the order of the flags. Flags that were given
 * are checked first and not asked again. Ctrl-C at any prompt ends the run before anything is
 * written.
 */
export async function promptForOptions(
  flags: Flags,
  catalog: GroupCatalog & { readonly groups: Readonly<Record<string, GroupInfo>> },
  cwd: string,
): Promise<CreateOptions> {
  checkFlags(flags, catalog, cwd);

  const directoryInput =
    flags.directory ??
    answer(
      await p.text({
        message: "Where should the new repo go?",
        placeholder: DEFAULT_DIRECTORY,
        defaultValue: DEFAULT_DIRECTORY,
        validate: (value) => problemOf(() => validateDirectory(value || DEFAULT_DIRECTORY, cwd)),
      }),
    );
  const { directory, name } = validateDirectory(directoryInput, cwd);

  const groups = validateGroups(
    flags.groups ??
      answer(
        await p.multiselect<string>({
          message: "Which Clerk event groups should it sync? (all events of each group)",
          options: catalog.names.map((group) => ({
            value: group,
            label: catalog.groups[group]?.label ?? group,
            hint: catalog.groups[group]?.events.join(", "),
          })),
          initialValues: [...DEFAULT_GROUPS],
          required: true,
        }),
      ),
    catalog,
  );

  const database: DatabaseProvider =
    databaseOf(flags) ??
    answer(
      await p.select<DatabaseProvider>({
        message: "Which database?",
        options: [
          { value: "sqlite", label: "SQLite", hint: "a file, nothing to run" },
          { value: "postgresql", label: "PostgreSQL", hint: "for production and many instances" },
        ],
        initialValue: "sqlite",
      }),
    );

  let databaseUrl = flags.databaseUrl;
  if (databaseUrl === undefined && database === "postgresql") {
    const fallback = defaultDatabaseUrl(database, name);
    databaseUrl = answer(
      await p.text({
        message: "PostgreSQL connection URL (DATABASE_URL)?",
        placeholder: fallback,
        defaultValue: fallback,
        validate: (value) => problemOf(() => validateDatabaseUrl(database, value || fallback)),
      }),
    );
  }
  databaseUrl = validateDatabaseUrl(database, databaseUrl ?? defaultDatabaseUrl(database, name));

  const queue: QueueKind =
    flags.queue !== undefined
      ? validateQueue(flags.queue)
      : answer(
          await p.select<QueueKind>({
            message: "Where should events be processed?",
            options: [
              { value: "inline", label: "Inline", hint: "in the web process, right after the 200" },
              { value: "bullmq", label: "BullMQ", hint: "Redis and separate worker processes" },
            ],
            initialValue: "inline",
          }),
        );

  let redisUrl = flags.redisUrl;
  if (redisUrl === undefined && queue === "bullmq") {
    redisUrl = answer(
      await p.text({
        message: "Redis URL for BullMQ (REDIS_URL)?",
        placeholder: DEFAULT_REDIS_URL,
        defaultValue: DEFAULT_REDIS_URL,
        validate: (value) => problemOf(() => validateRedisUrl(value || DEFAULT_REDIS_URL)),
      }),
    );
  }
  redisUrl = queue === "bullmq" ? validateRedisUrl(redisUrl ?? DEFAULT_REDIS_URL) : undefined;

  const install =
    flags.install ??
    answer(
      await p.confirm({ message: "Install dependencies now (pnpm install)?", initialValue: true }),
    );
  const git =
    flags.git ??
    answer(await p.confirm({ message: "Initialize a git repository?", initialValue: true }));

  const license = validateLicense(flags.license ?? "MIT");
  return {
    directory,
    name,
    groups,
    database,
    databaseUrl,
    queue,
    redisUrl,
    license,
    install,
    git,
  };
}

/** The value of a prompt, or a clean stop when the user cancelled it. */
function answer<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    throw new CreateError("CANCELLED", "Cancelled: nothing was written.", {
      suggestion: "Run it again when you're ready.",
    });
  }
  return value as Exclude<T, symbol>;
}

/** A validator's message for clack, which shows it under the input. */
function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof CreateError) return `${error.message} ${error.suggestion}`;
    throw error;
  }
}
