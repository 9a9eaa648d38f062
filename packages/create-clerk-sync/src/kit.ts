import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { CreateError } from "./errors.js";

/**
 * The kit's own files, copied into this package when it is built (scripts/assemble-kit.ts):
 * the library, the generators and their templates, exactly as they are in the kit's repo. They
 * are copied into every new repo, and the generator that wires the new app runs from here, so
 * the new repo gets the very code and templates that wrote it.
 */
export const KIT_DIR = fileURLToPath(new URL("../kit/", import.meta.url));

/** The catalog module of the library, as the kit ships it. */
export interface KitCatalog {
  EVENT_GROUPS: Record<string, { label: string; description: string; events: readonly string[] }>;
  EVENT_GROUP_NAMES: readonly string[];
  eventsOfGroups(groups: readonly string[]): string[];
}

export interface Kit {
  dir: string;
  catalog: KitCatalog;
  /** Load a module of the kit (TypeScript source) with the kit's dependencies. */
  import<T>(relativePath: string): Promise<T>;
}

/** Paths inside the kit, relative to its root: the same paths they get in the new repo. */
export const KIT_PATHS = {
  library: "packages/clerk-sync",
  generators: "packages/generators",
  templates: "templates",
  catalog: "packages/clerk-sync/src/catalog/index.ts",
  errors: "packages/clerk-sync/src/errors/coded-error.ts",
} as const;

/**
 * Open the kit. Its TypeScript runs through jiti; bare imports resolve to this package's own
 * dependencies, and `@acme/clerk-sync` to the kit's copy of the library's catalog and coded-error
 * base (the only parts of the library the generators use while generating, and ones that need no
 * dependency).
 *
 * @example const kit = await loadKit(); kit.catalog.EVENT_GROUP_NAMES // ["user", …]
 */
export async function loadKit(dir: string = KIT_DIR): Promise<Kit> {
  const catalogFile = path.join(dir, KIT_PATHS.catalog);
  if (!fs.existsSync(catalogFile)) {
    throw new CreateError("KIT_INCOMPLETE", `The kit is missing from ${dir}.`, {
      suggestion:
        "This package was built without its kit: run its build (which assembles kit/) before packing it.",
    });
  }
  const jiti = createJiti(import.meta.url, {
    alias: {
      "@acme/clerk-sync/catalog": catalogFile,
      "@acme/clerk-sync/errors": path.join(dir, KIT_PATHS.errors),
      "@acme/clerk-sync": catalogFile,
    },
    fsCache: false,
    interopDefault: true,
  });
  const load = <T>(relativePath: string) => jiti.import<T>(path.join(dir, relativePath));
  const catalog = await load<KitCatalog>(KIT_PATHS.catalog);
  return { dir, catalog, import: load };
}
