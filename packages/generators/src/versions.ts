import fs from "node:fs";
import path from "node:path";
import { readCatalog } from "./app/inspect";
import { GeneratorError } from "./errors";
import { TEMPLATES_DIR } from "./templates-dir";

/**
 * The dependencies the generator adds to an app that lacks them. Their versions are not written
 * here: each is the one in the catalog of the repo the generators run from (its
 * pnpm-workspace.yaml: the kit's own, or the one `pnpm create` wrote from it), so an app gets what
 * the kit is tested with and a version is changed in one place. Nothing is looked up in a
 * registry, so a run is deterministic.
 */
export const PINNED_DEPENDENCIES = [
  "@acme/clerk-sync",
  "@clerk/nextjs",
  "@prisma/adapter-better-sqlite3",
  "@prisma/adapter-pg",
  "@prisma/client",
  "@types/better-sqlite3",
  "@types/pg",
  "better-sqlite3",
  "bullmq",
  "ioredis",
  "pg",
  "prisma",
] as const;

export type PinnedDependency = (typeof PINNED_DEPENDENCIES)[number];

/** The repo the generators run from: the folder holding the templates they render. */
const KIT_ROOT = path.dirname(TEMPLATES_DIR);
const LIBRARY = "@acme/clerk-sync";

let catalog: Map<string, string> | undefined;

/**
 * The version the generator pins `name` at: the kit repo's catalog entry, and for the library
 * its own version (`^0.1.0`).
 *
 * @example pinnedVersion("bullmq") // "6.7.0", as pnpm-workspace.yaml's catalog has it
 */
export function pinnedVersion(name: PinnedDependency): string {
  if (name === LIBRARY) {
    const file = path.join(KIT_ROOT, "packages", "clerk-sync", "package.json");
    const { version } = JSON.parse(fs.readFileSync(file, "utf8")) as { version: string };
    return `^${version}`;
  }
  catalog ??= readCatalog(KIT_ROOT);
  const version = catalog.get(name);
  if (!version) {
    throw new GeneratorError(
      "UNPINNED_DEPENDENCY",
      `${name} has no version in the catalog of ${path.join(KIT_ROOT, "pnpm-workspace.yaml")}.`,
      { suggestion: `Add ${name} to that catalog (the kit's pinned versions), then run again.` },
    );
  }
  return version;
}
