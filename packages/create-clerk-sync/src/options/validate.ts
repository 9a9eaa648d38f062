import fs from "node:fs";
import path from "node:path";
import type { DatabaseProvider, QueueKind } from "@acme/generators";
import { CreateError, fileSystemError } from "../errors.js";
import { LICENSES, type License } from "../scaffold/license.js";

export type { DatabaseProvider, QueueKind };

// The kinds are the generators' (this package wires the app with them); the lists are the
// generators' PROVIDERS and QUEUE_KINDS, which a test holds them to: this package cannot import
// the generators' values at run time, only load them from its kit.
export const DATABASES = ["sqlite", "postgresql"] as const satisfies readonly DatabaseProvider[];
export const QUEUES = ["inline", "bullmq"] as const satisfies readonly QueueKind[];

export const DEFAULT_GROUPS = ["user", "organization", "organizationMembership"] as const;
export const DEFAULT_DIRECTORY = "my-clerk-app";
/** Relative to the app folder, where Prisma and Next.js both resolve it. */
export const DEFAULT_SQLITE_URL = "file:./prisma/dev.db";
export const DEFAULT_REDIS_URL = "redis://localhost:6379";

/** The group names the catalog knows, in catalog order. */
export interface GroupCatalog {
  readonly names: readonly string[];
}

/** Files a target directory may already hold (editor and VCS leftovers). */
const HARMLESS_ENTRIES = new Set([".DS_Store", ".git", ".idea", ".vscode", "Thumbs.db"]);

/**
 * Where to create the repo, and the package name it gets. The directory must not exist, or be
 * empty apart from editor and VCS leftovers: the scaffold never overwrites anything.
 *
 * @example validateDirectory("my-app", "/home/me") // { directory: "/home/me/my-app", name: "my-app" }
 */
export function validateDirectory(input: string, cwd: string): { directory: string; name: string } {
  const trimmed = input.trim();
  if (trimmed === "") {
    throw new CreateError("INVALID_DIRECTORY", "The directory name is empty.", {
      suggestion: `Give a directory, e.g. pnpm create @acme/clerk-sync ${DEFAULT_DIRECTORY}.`,
    });
  }
  const directory = path.resolve(cwd, trimmed);
  const name = path.basename(directory);
  const problem = packageNameProblem(name);
  if (problem) {
    throw new CreateError(
      "INVALID_DIRECTORY",
      `"${name}" can't be the name of the new repo: ${problem}.`,
      { suggestion: `Pick a directory named like "${suggestName(name)}".` },
    );
  }
  if (fs.existsSync(directory)) {
    if (!fs.statSync(directory).isDirectory()) {
      throw new CreateError("INVALID_DIRECTORY", `${directory} exists and is not a directory.`, {
        suggestion: "Pick another name.",
      });
    }
    const blocking = fs.readdirSync(directory).filter((entry) => !HARMLESS_ENTRIES.has(entry));
    if (blocking.length > 0) {
      const shown = blocking.slice(0, 5).join(", ") + (blocking.length > 5 ? ", …" : "");
      throw new CreateError("DIRECTORY_NOT_EMPTY", `${directory} is not empty (${shown}).`, {
        suggestion: "Pick a new directory name, or empty this one first: nothing is overwritten.",
      });
    }
  }
  assertWritable(directory);
  return { directory, name };
}

/**
 * The chosen event groups in catalog order, without duplicates. `all` selects every group.
 *
 * @example validateGroups(["organization", "user"], catalog) // ["user", "organization"]
 */
export function validateGroups(input: readonly string[], catalog: GroupCatalog): string[] {
  if (input.length === 0) {
    throw new CreateError("NO_GROUPS", "No event groups were chosen.", {
      suggestion: `Choose at least one: ${catalog.names.join(", ")} (or "all").`,
    });
  }
  if (input.includes("all")) return [...catalog.names];
  const unknown = input.filter((group) => !catalog.names.includes(group));
  if (unknown.length > 0) {
    const list = unknown.map((group) => `"${group}"`).join(", ");
    throw new CreateError(
      "UNKNOWN_GROUP",
      `Unknown event group${unknown.length > 1 ? "s" : ""} ${list}.`,
      { suggestion: `Valid groups: ${catalog.names.join(", ")} (or "all").` },
    );
  }
  const chosen = new Set(input);
  return catalog.names.filter((group) => chosen.has(group));
}

export function validateDatabase(input: string): DatabaseProvider {
  const value = input.trim().toLowerCase();
  const alias: Record<string, DatabaseProvider> = { postgres: "postgresql", pg: "postgresql" };
  const provider = alias[value] ?? value;
  if (!(DATABASES as readonly string[]).includes(provider)) {
    throw new CreateError("UNKNOWN_DATABASE", `Unknown database "${input}".`, {
      suggestion: `Use --database ${DATABASES.join(" or --database ")}.`,
    });
  }
  return provider as DatabaseProvider;
}

/** The provider a DATABASE_URL speaks, when it says (for --database-url without --database). */
export function providerOfUrl(url: string): DatabaseProvider | undefined {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  return undefined;
}

/**
 * A DATABASE_URL the chosen provider can open: `file:` for SQLite, `postgresql://host/db` for
 * PostgreSQL. Checked before anything is written.
 */
export function validateDatabaseUrl(provider: DatabaseProvider, input: string): string {
  const url = input.trim();
  if (provider === "sqlite") {
    if (!url.startsWith("file:") || url.length <= "file:".length) {
      throw new CreateError("INVALID_DATABASE_URL", `"${url}" is not a SQLite database URL.`, {
        suggestion: `SQLite URLs are file paths: --database-url ${DEFAULT_SQLITE_URL}`,
      });
    }
    return url;
  }
  const example = "postgresql://postgres:postgres@localhost:5432/my_app";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new CreateError("INVALID_DATABASE_URL", `"${url}" is not a URL.`, {
      suggestion: `PostgreSQL URLs look like ${example}`,
      cause: error,
    });
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw new CreateError(
      "INVALID_DATABASE_URL",
      `"${url}" is not a PostgreSQL URL (it starts with ${parsed.protocol}).`,
      { suggestion: `PostgreSQL URLs start with postgresql://, e.g. ${example}` },
    );
  }
  if (parsed.hostname === "" && !parsed.searchParams.has("host")) {
    throw new CreateError("INVALID_DATABASE_URL", `"${url}" names no host.`, {
      suggestion: `Give the server, e.g. ${example}`,
    });
  }
  if (parsed.pathname.replace(/^\//, "") === "") {
    throw new CreateError("INVALID_DATABASE_URL", `"${url}" names no database.`, {
      suggestion: `End the URL with the database name, e.g. ${example}`,
    });
  }
  return url;
}

/** A PostgreSQL URL for a local server, with a database named after the repo. */
export function defaultPostgresUrl(name: string): string {
  const database = name.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  return `postgresql://postgres:postgres@localhost:5432/${database}`;
}

export function validateQueue(input: string): QueueKind {
  const value = input.trim().toLowerCase();
  if (!(QUEUES as readonly string[]).includes(value)) {
    throw new CreateError("UNKNOWN_QUEUE", `Unknown queue "${input}".`, {
      suggestion: "Use --queue inline (in the web process) or --queue bullmq (Redis workers).",
    });
  }
  return value as QueueKind;
}

export function validateRedisUrl(input: string): string {
  const url = input.trim();
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "redis:" && protocol !== "rediss:") {
    throw new CreateError("INVALID_REDIS_URL", `"${url}" is not a Redis URL.`, {
      suggestion: `Redis URLs look like ${DEFAULT_REDIS_URL}`,
    });
  }
  return url;
}

/**
 * The license for `--license`, case-insensitively; `none` for no LICENSE file.
 *
 * @example validateLicense("mit") // "MIT"
 */
export function validateLicense(input: string): License | "none" {
  const value = input.trim().toLowerCase();
  if (value === "none") return "none";
  const license = LICENSES.find((id) => id.toLowerCase() === value);
  if (!license) {
    throw new CreateError("INVALID_FLAG", `Unknown license "${input}".`, {
      suggestion: `Use --license ${LICENSES.join(", ")} or none (and add your own LICENSE file).`,
    });
  }
  return license;
}

/**
 * Fail before anything is asked or written when the repo could not be written where it goes:
 * the nearest existing folder on the way to it must be writable (not read-only, not someone
 * else's).
 */
function assertWritable(directory: string): void {
  let existing = directory;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    existing = path.dirname(existing);
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw fileSystemError(error, directory) ?? error;
  }
}

/** Why `name` can't be an npm package name, or undefined when it can. */
function packageNameProblem(name: string): string | undefined {
  if (name.length > 214) return "it is longer than 214 characters";
  if (name !== name.toLowerCase()) return "package names are lowercase";
  if (/^[._]/.test(name)) return "it starts with a dot or an underscore";
  if (!/^[a-z0-9][a-z0-9._~-]*$/.test(name)) {
    return "use only lowercase letters, digits, dots, dashes and underscores";
  }
  if (name === "node_modules" || name === "favicon.ico") return "that name is reserved";
  return undefined;
}

function suggestName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  return cleaned === "" ? DEFAULT_DIRECTORY : cleaned;
}
