import { describe, expect, it } from "vitest";
import { allowBuilds } from "./pnpm-workspace";

describe("allowBuilds", () => {
  it("adds missing entries at the end of the allowBuilds map", () => {
    const text = "packages:\n  - apps/*\n\nallowBuilds:\n  sharp: false\n\ncatalog:\n  a: 1\n";
    const result = allowBuilds(text, { "better-sqlite3": true, "@prisma/engines": false });
    expect(result.added).toEqual(["better-sqlite3", "@prisma/engines"]);
    expect(result.content).toBe(
      'packages:\n  - apps/*\n\nallowBuilds:\n  sharp: false\n  better-sqlite3: true\n  "@prisma/engines": false\n\ncatalog:\n  a: 1\n',
    );
  });

  it("keeps the user's decision for a package already listed", () => {
    const text = "allowBuilds:\n  better-sqlite3: false\n";
    expect(allowBuilds(text, { "better-sqlite3": true })).toEqual({ content: text, added: [] });
  });

  it("appends the map when the file has none", () => {
    expect(allowBuilds("packages:\n  - apps/*\n", { prisma: false }).content).toBe(
      "packages:\n  - apps/*\n\nallowBuilds:\n  prisma: false\n",
    );
  });

  it("changes nothing the second time", () => {
    const once = allowBuilds("allowBuilds:\n  sharp: false\n", { prisma: false }).content;
    expect(allowBuilds(once, { prisma: false })).toEqual({ content: once, added: [] });
  });
});
