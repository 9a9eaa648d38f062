import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalog } from "../src/app/inspect";
import { DEPENDENCY_VERSIONS } from "../src/versions";
import { REPO_ROOT } from "./support/paths";

describe("the versions the generator pins", () => {
  it("are the kit's catalog versions, so apps get what the kit is tested with", () => {
    const catalog = readCatalog(REPO_ROOT);
    for (const [name, version] of Object.entries(DEPENDENCY_VERSIONS)) {
      if (name === "@acme/clerk-sync") continue;
      expect({ name, version }).toEqual({ name, version: catalog.get(name) });
    }
  });

  it("ask for the library at its current version", () => {
    const library = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, "packages/clerk-sync/package.json"), "utf8"),
    ) as { version: string };
    expect(DEPENDENCY_VERSIONS["@acme/clerk-sync"]).toBe(`^${library.version}`);
  });
});
