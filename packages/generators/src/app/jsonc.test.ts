import { describe, expect, it } from "vitest";
import { parseJsonc } from "./jsonc";

describe("parseJsonc", () => {
  it("reads tsconfig.json as written: comments, trailing commas, slashes inside strings", () => {
    const text = `{
  // the alias
  "compilerOptions": { "paths": { "@/*": ["./src/*"] }, /* block */ "baseUrl": "." , },
  "include": ["//not-a-comment", "a\\"b"],
}`;
    expect(parseJsonc(text)).toEqual({
      compilerOptions: { paths: { "@/*": ["./src/*"] }, baseUrl: "." },
      include: ["//not-a-comment", 'a"b'],
    });
  });

  it("throws on what is not JSON", () => {
    expect(() => parseJsonc("{ a: 1 }")).toThrow();
  });
});
