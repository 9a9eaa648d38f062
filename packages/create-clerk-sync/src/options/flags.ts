import { parseArgs } from "node:util";
import { CreateError } from "../errors.js";

/** What was said on the command line; anything missing is prompted for or defaulted. */
export interface Flags {
  directory?: string;
  groups?: string[];
  database?: string;
  databaseUrl?: string;
  queue?: string;
  redisUrl?: string;
  license?: string;
  install?: boolean;
  git?: boolean;
  yes: boolean;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  groups: { type: "string", short: "g", multiple: true },
  database: { type: "string" },
  db: { type: "string" },
  "database-url": { type: "string" },
  queue: { type: "string" },
  "redis-url": { type: "string" },
  license: { type: "string" },
  install: { type: "boolean" },
  git: { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

/** The usage text, flag by flag (one flag for every prompt). */
export const USAGE = `Usage: pnpm create @acme/clerk-sync [directory] [options]

Creates a Turborepo with a Next.js app that syncs Clerk into its own database through
Svix-signed webhooks, the @acme/clerk-sync library as a package you own, and the generators
to add event groups later (pnpm plop webhook-event).

Options:
  -g, --groups <list>      Event groups to sync, comma-separated, or "all"
                           (default: user,organization,organizationMembership)
      --database <name>    sqlite (default) or postgresql (alias: --db)
      --database-url <url> DATABASE_URL: file:./prisma/dev.db for SQLite,
                           postgresql://user:password@host:5432/db for PostgreSQL
      --queue <name>       inline (default: in the web process) or bullmq (Redis workers)
      --redis-url <url>    REDIS_URL for BullMQ (default: redis://localhost:6379)
      --license <id>       LICENSE file: MIT (default), ISC, or none for no file
      --install, --no-install  Install dependencies now (default: yes)
      --git, --no-git      Initialize a git repository (default: yes)
  -y, --yes                Use the defaults for everything not given; never prompt
  -h, --help               Show this help
  -v, --version            Show the version

Without a terminal (CI, pipes) nothing is prompted either, as with --yes.`;

/**
 * Read the command line. Unknown flags and flags missing their value are errors, never ignored.
 *
 * @example parseFlags(["my-app", "--db", "postgresql", "--no-install"]).database // "postgresql"
 */
export function parseFlags(argv: readonly string[]): Flags {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    throw new CreateError(
      code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? "UNKNOWN_FLAG" : "INVALID_FLAG",
      `${message}.`,
      { suggestion: "Run with --help to see every flag.", cause: error },
    );
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new CreateError(
      "INVALID_FLAG",
      `Expected one directory, got ${positionals.join(", ")}.`,
      {
        suggestion: "Quote a directory name that contains spaces.",
      },
    );
  }
  if (values.database !== undefined && values.db !== undefined) {
    throw new CreateError("INVALID_FLAG", "Both --database and --db were given.", {
      suggestion: "--db is an alias of --database: give one of them.",
    });
  }
  const groups = values.groups?.flatMap((value) => value.split(","));
  return {
    directory: positionals[0],
    groups: groups?.map((group) => group.trim()).filter((group) => group !== ""),
    database: values.database ?? values.db,
    databaseUrl: values["database-url"],
    queue: values.queue,
    redisUrl: values["redis-url"],
    license: values.license,
    install: values.install,
    git: values.git,
    yes: values.yes ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
