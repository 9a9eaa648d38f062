import fs from "node:fs";
import path from "node:path";
import { parseCatalog } from "./versions.js";

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
  // Its scripts render the kit's committed schemas and benchmark it; its tests stay too.
  {
    path: "packages/generators",
    exclude: ["test", "scripts", "vitest.config.ts", "vitest.e2e.config.ts"],
  },
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
 * biome.json as they are; the catalog of its pnpm-workspace.yaml, where the versions a new repo
 * pins come from (see versions.ts). (A biome.json inside this package would be taken for a second root
 * configuration.)
 */
export const ROOT_SCRIPTS: readonly string[] = ["plop", "gen"];

/**
 * Copy the kit out of the kit's repo at `repoRoot` into `kitDir` (replacing it): what the
 * manifest lists, and kit/root.json. Returns the number of files copied.
 *
 * @example assembleKit("/src/clerk-sync-kit", "packages/create-clerk-sync/kit") // 104
 */
export function assembleKit(repoRoot: string, kitDir: string): number {
  fs.rmSync(kitDir, { recursive: true, force: true });
  let files = 0;
  for (const entry of KIT_MANIFEST) {
    const from = path.join(repoRoot, entry.path);
    if (!fs.existsSync(from)) throw new Error(`The kit needs ${entry.path}, which does not exist.`);
    const excluded = new Set((entry.exclude ?? []).map((rel) => path.join(from, rel)));
    fs.cpSync(from, path.join(kitDir, entry.path), {
      recursive: true,
      filter: (source) => {
        const name = path.basename(source);
        if (excluded.has(source) || ALWAYS_EXCLUDED.includes(name)) return false;
        if (EXCLUDED_FILE_PATTERN.test(name)) return false;
        if (fs.statSync(source).isFile()) files++;
        return true;
      },
    });
  }
  const readRoot = (file: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, file), "utf8"));
  const rootPackage = readRoot("package.json") as {
    scripts?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const scripts = Object.fromEntries(
    ROOT_SCRIPTS.flatMap((name) => {
      const script = rootPackage.scripts?.[name];
      return script ? [[name, script]] : [];
    }),
  );
  fs.writeFileSync(
    path.join(kitDir, "root.json"),
    `${JSON.stringify(
      {
        scripts,
        devDependencies: rootPackage.devDependencies ?? {},
        catalog: parseCatalog(fs.readFileSync(path.join(repoRoot, "pnpm-workspace.yaml"), "utf8")),
        tsconfigBase: readRoot("tsconfig.base.json"),
        biome: readRoot("biome.json"),
      },
      null,
      2,
    )}\n`,
  );
  return files;
}
