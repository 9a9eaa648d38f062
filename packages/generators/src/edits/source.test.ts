import { describe, expect, it } from "vitest";
import { detectStyle, exportsName, parseSource, quoted, statement } from "./source";

describe("exportsName", () => {
  it("sees exported declarations and export lists, not local names", () => {
    const file = parseSource(
      "db.ts",
      `const client = 1;\nexport { client as prisma };\nexport type Tx = number;\nconst local = 2;\nexport function helper() {}\n`,
    );
    expect(exportsName(file, "prisma")).toBe(true);
    expect(exportsName(file, "Tx")).toBe(true);
    expect(exportsName(file, "helper")).toBe(true);
    expect(exportsName(file, "client")).toBe(false);
    expect(exportsName(file, "local")).toBe(false);
  });
});

describe("detectStyle", () => {
  it("reads quotes, semicolons and indentation from the file", () => {
    expect(detectStyle("import x from 'y'\nfunction f() {\n\treturn 1\n}\n")).toEqual({
      quote: "'",
      semicolons: false,
      indent: "\t",
    });
    const style = detectStyle('import x from "y";\n');
    expect(quoted("it's", style)).toBe('"it\'s"');
    expect(quoted("it's", { ...style, quote: "'" })).toBe("'it\\'s'");
    expect(statement("return;", { ...style, semicolons: false })).toBe("return");
  });
});
