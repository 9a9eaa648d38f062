/**
 * What of the kit's repo goes into the kit (and so into every new repo): paths relative to the
 * kit repo's root. Folders are copied whole except for what `exclude` names: build output, tests
 * and anything that only makes sense inside the kit's repo.
 */
export const KIT_MANIFEST: readonly { path: string; exclude?: readonly string[] }[] = [
  {
    path: "packages/clerk-sync",
    // The library's tests run against the kit's own services and schemas; the new repo tests
    // its app instead.
    exclude: ["test", "scripts", "vitest.config.ts"],
  },
  // Its scripts render the kit's own committed schemas.
  { path: "packages/generators", exclude: ["test", "scripts"] },
  { path: "templates" },
  { path: "plopfile.ts" },
  { path: "turbo/generators" },
];

/** Never copied, wherever they are. */
export const ALWAYS_EXCLUDED: readonly string[] = [
  "node_modules",
  "dist",
  "generated",
  ".turbo",
  ".tmp",
  ".next",
  ".gitignore",
];

/** Never copied: test files beside the code. */
export const EXCLUDED_FILE_PATTERN = /\.test\.tsx?$/;

/**
 * The kit repo's root configuration, gathered into kit/root.json: from its package.json the
 * scripts that run the generators (the new repo runs them the same way) and all its dev
 * dependencies (the repo tooling and what those scripts need); its tsconfig.base.json and
 * biome.json as they are. (A biome.json inside this package would be taken for a second root
 * configuration.)
 */
export const ROOT_SCRIPTS: readonly string[] = ["plop", "gen"];
