import fs from "node:fs";
import path from "node:path";
import { CreateError } from "../errors.js";
import { KIT_PATHS } from "../kit.js";
import { isPinned, VERSIONS } from "../versions.js";
import { DEPENDENCY_FIELDS, type PackageJson, readJson, sortKeys, writeJson } from "./files.js";

/**
 * The scripts the kit's packages keep in the new repo. The rest drive the kit's own tests,
 * benchmarks and committed schemas, whose files stay behind.
 */
const KEPT_SCRIPTS: readonly string[] = ["build", "dev", "lint", "typecheck"];

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
 * import `@acme/clerk-sync`), no publishing, and only the dev dependencies its source needs to
 * build (its tests, and what they needed, stay in the kit).
 */
function adaptLibrary(dir: string): void {
  const pkg = adaptPackage(dir);
  const imported = importedPackages(path.join(dir, "src"));
  const keep = new Set([...imported, "typescript", "@types/node"]);
  pkg.devDependencies = Object.fromEntries(
    Object.entries(pkg.devDependencies ?? {}).filter(([name]) => keep.has(name)),
  );
  // Peer dependencies are also needed for types while building; react comes with next.
  if (pkg.devDependencies.next && pkg.devDependencies["@clerk/nextjs"]) {
    for (const name of ["react", "react-dom"]) {
      if (isPinned(name)) pkg.devDependencies[name] = "catalog:";
    }
  }
  pkg.devDependencies = sortKeys(pkg.devDependencies);
  writeJson(path.join(dir, "package.json"), pkg);
}

function adaptPackage(dir: string): PackageJson {
  const file = path.join(dir, "package.json");
  const pkg = readJson<PackageJson>(file);
  pkg.private = true;
  pkg.scripts = Object.fromEntries(
    Object.entries(pkg.scripts ?? {}).filter(([name]) => KEPT_SCRIPTS.includes(name)),
  );
  writeJson(file, pkg);
  return pkg;
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
