import { describe, expect, it } from "vitest";
import { docComment, formatList, joinWithAnd } from "./layout";

describe("formatList", () => {
  it("keeps a statement that fits on one line", () => {
    expect(formatList("export const hooks = [", ["userHooks", "roleHooks"], "];")).toBe(
      "export const hooks = [userHooks, roleHooks];",
    );
  });

  it("puts one element per line, with a trailing comma, past the line width", () => {
    const items = Array.from({ length: 8 }, (_, i) => `"someLongGroupName${i}"`);
    expect(formatList("export const x = [", items, "] as const;")).toBe(
      ["export const x = [", ...items.map((i) => `  ${i},`), "] as const;"].join("\n"),
    );
  });

  it("counts the statement's full length, head and tail included", () => {
    const head = `export const ${"x".repeat(80)} = [`;
    expect(formatList(head, ['"a"'], "];")).toContain("\n");
    expect(formatList(head.slice(20), ['"a"'], "];")).not.toContain("\n");
  });
});

describe("docComment", () => {
  it("stays on one line when short", () => {
    expect(docComment("Routes anyone may call.")).toBe("/** Routes anyone may call. */");
  });

  it("wraps prose before column 100", () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const lines = docComment(text).split("\n");
    expect(lines[0]).toBe("/**");
    expect(lines.at(-1)).toBe(" */");
    for (const line of lines) expect(line.length).toBeLessThan(100);
    expect(
      lines
        .slice(1, -1)
        .map((l) => l.slice(3))
        .join(" "),
    ).toBe(text);
  });
});

describe("joinWithAnd", () => {
  it("joins lists the way the docs speak", () => {
    expect(joinWithAnd(["A"])).toBe("A");
    expect(joinWithAnd(["A", "B"])).toBe("A and B");
    expect(joinWithAnd(["A", "B", "C"])).toBe("A, B and C");
  });
});
