import { describe, expect, it } from "vitest";
import { envKeys, mergeEnv, withoutPassword } from "./env";

const TEMPLATE = `# Clerk keys.
A=
B=

# The secret.
C=

DATABASE_URL="file:./dev.db"
`;

describe("mergeEnv", () => {
  it("writes the whole template into a new file", () => {
    const merged = mergeEnv(null, TEMPLATE);
    expect(merged.content).toBe(TEMPLATE);
    expect(merged.added).toEqual(["A", "B", "C", "DATABASE_URL"]);
  });

  it("adds only missing keys, keeps existing lines untouched, and a paragraph's comment", () => {
    const existing = "B=mine\nexport DATABASE_URL=postgres://x\n# C=commented out";
    const merged = mergeEnv(existing, TEMPLATE);
    expect(merged.added).toEqual(["A", "C"]);
    expect(merged.content).toBe(`${existing}\n\n# Clerk keys.\nA=\n\n# The secret.\nC=\n`);
  });

  it("treats keys defined elsewhere (.env.local) as present", () => {
    expect(mergeEnv("", TEMPLATE, new Set(["A", "B", "C"])).added).toEqual(["DATABASE_URL"]);
  });

  it("changes nothing the second time", () => {
    const once = mergeEnv("X=1\n", TEMPLATE).content;
    const twice = mergeEnv(once, TEMPLATE);
    expect(twice.added).toEqual([]);
    expect(twice.content).toBe(once);
  });
});

describe("envKeys", () => {
  it("reads KEY= and export KEY=, not comments", () => {
    expect([...envKeys("A=1\n export B = 2\n# C=3\nnot a line")]).toEqual(["A", "B"]);
  });
});

describe("withoutPassword", () => {
  it("replaces a URL's password and keeps everything else", () => {
    expect(withoutPassword("postgresql://app:s3cr%40t@db.example.com:5432/app?schema=x")).toBe(
      "postgresql://app:<password>@db.example.com:5432/app?schema=x",
    );
  });

  it("leaves URLs without a password as they are", () => {
    for (const url of ["file:./prisma/dev.db", "postgresql://postgres@127.0.0.1:5432/test"]) {
      expect(withoutPassword(url)).toBe(url);
    }
  });
});
