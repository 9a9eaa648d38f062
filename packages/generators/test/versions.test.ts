import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalog } from "../src/app/inspect";
import { PINNED_DEPENDENCIES, pinnedVersion } from "../src/versions";
import { REPO_ROOT } from "./support/paths";

describe("the versions the generator pins", () => {
  it("are the kit's catalog versions, read from pnpm-workspace.yaml", () => {
    const catalog = readCatalog(REPO_ROOT);
    for (const name of PINNED_DEPENDENCIES) {
      if (name === "@acme/clerk-sync") continue;
      expect({ name, version: pinnedVersion(name) }).toEqual({ name, version: catalog.get(name) });
    }
  });

  it("ask for the library at its current version", () => {
    const library = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, "packages/clerk-sync/package.json"), "utf8"),
    ) as { version: string };
    expect(pinnedVersion("@acme/clerk-sync")).toBe(`^${library.version}`);
  });
});
