import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DIFFERS_FROM_KIT_CATALOG, kitCatalog, parseCatalog, VERSIONS } from "./versions.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

function readPackage(dir: string): {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
} {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, dir, "package.json"), "utf8"));
}

describe("the version map", () => {
  it("reads the kit's catalog from its pnpm-workspace.yaml", () => {
    const yaml = fs.readFileSync(path.join(repoRoot, "pnpm-workspace.yaml"), "utf8");
    expect(kitCatalog()).toEqual(parseCatalog(yaml));
    expect(
      parseCatalog('packages:\n  - a/*\ncatalog:\n  "@types/pg": 8.23.1\n  pg: 8.23.1\nx: 1\n'),
    ).toEqual({
      "@types/pg": "8.23.1",
      pg: "8.23.1",
    });
  });

  it("pins what the kit's own catalog pins, where both use a package", () => {
    const catalog = kitCatalog();
    expect(Object.keys(catalog).length).toBeGreaterThan(10);
    const differing = Object.entries(VERSIONS)
      .filter(([name, version]) => catalog[name] !== undefined && catalog[name] !== version)
      .map(([name]) => name);
    expect(differing).toEqual(DIFFERS_FROM_KIT_CATALOG);
  });

  it("covers every catalog dependency of the packages copied into a new repo", () => {
    const copied = [
      readPackage("packages/clerk-sync"),
      readPackage("packages/generators"),
      readPackage("."),
    ];
    const referenced = copied.flatMap((pkg) =>
      Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })
        .filter(([, spec]) => spec === "catalog:")
        .map(([name]) => name),
    );
    // The library's test-only dependencies stay behind; everything else must be pinned.
    const testOnly = new Set(["fast-check", "@playwright/test", "autocannon", "@types/autocannon"]);
    const missing = referenced.filter((name) => !(name in VERSIONS) && !testOnly.has(name));
    expect(missing).toEqual([]);
  });
});

describe("this package's dependencies", () => {
  it("include every runtime dependency of the generators it runs from the kit", () => {
    const own = readPackage("packages/create-clerk-sync").dependencies ?? {};
    const generators = readPackage("packages/generators").dependencies ?? {};
    const needed = Object.entries(generators).filter(([, spec]) => !spec.startsWith("workspace:"));
    expect(needed.filter(([name, spec]) => own[name] !== spec)).toEqual([]);
  });
});
