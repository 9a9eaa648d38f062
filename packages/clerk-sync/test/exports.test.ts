import { describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };

// The published surface, imported the way an app imports it (through the exports map, from
// dist). A change to any subpath's export names shows up here as a snapshot diff to review.
const SUBPATHS = Object.keys(packageJson.exports).filter((key) => key !== "./package.json");

describe("package exports", () => {
  it("lists exactly the documented subpaths", () => {
    expect(SUBPATHS).toEqual([
      ".",
      "./catalog",
      "./errors",
      "./next",
      "./prisma",
      "./queue",
      "./samples",
      "./testing",
      "./backfill",
      "./on-demand",
      "./fake-api",
    ]);
  });

  it.each(SUBPATHS)("%s exports what it exported before", async (subpath) => {
    const specifier = `@acme/clerk-sync${subpath.slice(1)}`;
    const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    expect(Object.keys(module).sort()).toMatchSnapshot();
  });

  it("puts types first in every condition map", () => {
    for (const [subpath, target] of Object.entries(packageJson.exports)) {
      if (typeof target === "string") continue;
      expect(Object.keys(target)[0], subpath).toBe("types");
    }
  });
});
