import fs from "node:fs";
import path from "node:path";
import { CreateError } from "../errors.js";
import { KIT_PATHS } from "../kit.js";
import { KIT_MANIFEST } from "../kit-manifest.js";
import { isPinned, VERSIONS } from "../versions.js";
import { DEPENDENCY_FIELDS, type PackageJson, readJson, sortKeys, writeJson } from "./files.js";

/**
 * The scripts the kit's packages keep in the new repo (`prepare` builds the library on
 * install, so the generators run right after it). The rest drive the kit's own tests,
 * benchmarks and committed schemas, whose files stay behind.
 */
const KEPT_SCRIPTS: readonly string[] = ["build", "dev", "lint", "prepare", "typecheck"];

/** Copy the kit (library, generators, templates, generator entry points) into the new repo. */
export function copyKit(kitDir: string, root: string): void {
  for (const entry of fs.readdirSync(kitDir)) {
    // The root configuration is written from the options instead (see repo.ts).
    if (entry === "root.json") continue;
    fs.cpSync(path.join(kitDir, entry), path.join(root, entry), { recursive: true });
  }
  adaptLibrary(path.join(root, KIT_PATHS.library));
  adaptPackage(path.join(root, KIT_PATHS.generators));
}

/**
 * The library becomes a private package of the new repo: same name (the app and generators
 * import `@acme/clerk-sync`), no publishing; and the peer dependencies its types need to build.
 */
function adaptLibrary(dir: string): void {
  const pkg = adaptPackage(dir);
  // Peer dependencies are also needed for types while building; react comes with next.
  if (pkg.devDependencies?.next && pkg.devDependencies["@clerk/nextjs"]) {
    for (const name of ["react", "react-dom"]) {
      if (isPinned(name)) pkg.devDependencies[name] = "catalog:";
    }
    pkg.devDependencies = sortKeys(pkg.devDependencies);
    writeJson(path.join(dir, "package.json"), pkg);
  }
}

/**
 * A kit package as the new repo has it: private, the scripts that still have their files, only
 * the dev dependencies its source imports (its tests, and what they needed, stay in the kit), and
 * a README without the sections about what stayed behind.
 */
function adaptPackage(dir: string): PackageJson {
  const file = path.join(dir, "package.json");
  const pkg = readJson<PackageJson>(file);
  pkg.private = true;
  const removedScripts = Object.keys(pkg.scripts ?? {}).filter(
    (name) => !KEPT_SCRIPTS.includes(name),
  );
  pkg.scripts = Object.fromEntries(
    Object.entries(pkg.scripts ?? {}).filter(([name]) => KEPT_SCRIPTS.includes(name)),
  );
  const keep = new Set([...importedPackages(path.join(dir, "src")), ...BUILD_TOOLS]);
  pkg.devDependencies = Object.fromEntries(
    Object.entries(pkg.devDependencies ?? {}).filter(([name]) => keep.has(name)),
  );
  writeJson(file, pkg);
  pruneTsconfig(path.join(dir, "tsconfig.json"));
  const readmeFile = path.join(dir, "README.md");
  if (fs.existsSync(readmeFile)) {
    const relative = path.relative(path.join(dir, "..", ".."), dir);
    const excluded = KIT_MANIFEST.find((entry) => entry.path === relative)?.exclude ?? [];
    fs.writeFileSync(
      readmeFile,
      withoutSectionsAbout(fs.readFileSync(readmeFile, "utf8"), removedScripts, excluded),
    );
  }
  return pkg;
}

/** A tsconfig.json whose include and exclude name only what the package still has. */
function pruneTsconfig(file: string): void {
  if (!fs.existsSync(file)) return;
  const config = readJson<{ include?: string[]; exclude?: string[] }>(file);
  const exists = (entry: string) =>
    entry.includes("*") || fs.existsSync(path.join(path.dirname(file), entry));
  if (config.include) config.include = config.include.filter(exists);
  if (config.exclude) config.exclude = config.exclude.filter(exists);
  if (config.exclude?.length === 0) delete config.exclude;
  writeJson(file, config);
}

/** What the kept scripts run (tsc), beyond what the source imports. */
const BUILD_TOOLS = ["typescript", "@types/node"];

/**
 * A README without its `##` sections that tell how to run a script the package no longer has
 * (`pnpm test`) or point into a folder or file left behind (`test/fixtures/`, `scripts/…`).
 *
 * @example withoutSectionsAbout("# a\n## Tests\n`pnpm test`\n", ["test"], ["test"]) // "# a\n"
 */
export function withoutSectionsAbout(
  text: string,
  removedScripts: readonly string[],
  excludedPaths: readonly string[],
): string {
  const mentions = (section: string) =>
    removedScripts.some((script) =>
      new RegExp(`\`pnpm (run )?${escapeRegExp(script)}[\`\\s]`).test(section),
    ) ||
    excludedPaths.some((excluded) => new RegExp(`\`${escapeRegExp(excluded)}[/\`]`).test(section));
  const sections = text.split(/^(?=## )/m);
  const kept = sections.filter((section, index) => index === 0 || !mentions(section)).join("");
  return `${kept.trimEnd()}\n`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Bare package names imported anywhere under `dir` (type-only imports included: tsc needs them). */
export function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const pattern = /(?:from\s+|import\s*\(\s*|import\s+)["']([^"'.][^"']*)["']/g;
  for (const file of walk(dir)) {
    if (!/\.(ts|tsx|mts)$/.test(file)) continue;
    for (const match of fs.readFileSync(file, "utf8").matchAll(pattern)) {
      const specifier = match[1] ?? "";
      if (specifier.startsWith("node:")) continue;
      const parts = specifier.split("/");
      names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? ""));
    }
  }
  return names;
}

/**
 * Every `catalog:` reference of every package.json in the new repo, with its pinned version.
 * A reference the version map lacks is a bug of this package, reported before anything installs.
 */
export function catalogFor(packageJsonFiles: readonly string[]): Record<string, string> {
  const catalog: Record<string, string> = {};
  const missing: string[] = [];
  for (const file of packageJsonFiles) {
    const pkg = readJson<PackageJson>(file);
    for (const field of [...DEPENDENCY_FIELDS, "peerDependencies"] as const) {
      for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
        if (spec !== "catalog:") continue;
        if (isPinned(name)) catalog[name] = VERSIONS[name];
        else missing.push(`${name} (${path.basename(path.dirname(file))})`);
      }
    }
  }
  if (missing.length > 0) {
    throw new CreateError("KIT_INCOMPLETE", `No pinned version for ${missing.join(", ")}.`, {
      suggestion: "Add them to the version map of @acme/create-clerk-sync (src/versions.ts).",
    });
  }
  return sortKeys(catalog);
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
