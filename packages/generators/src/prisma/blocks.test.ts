import { describe, expect, it } from "vitest";
import { insertBlocks, missingBlocks, modelNames, parseSchemaBlocks } from "./blocks";

const SCHEMA = `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "postgresql" // comments { don't count }
}

/// Raw payloads default to an empty object: "{" inside a string is no block.
model Post {
  id      String @id
  payload Json   @default("{}")
}

enum Role {
  ADMIN
}
`;

describe("parseSchemaBlocks", () => {
  it("reads every top-level block, with its doc comment and settings", () => {
    const blocks = parseSchemaBlocks(SCHEMA);
    expect(blocks.map((b) => `${b.kind} ${b.name}`)).toEqual([
      "generator client",
      "datasource db",
      "model Post",
      "enum Role",
    ]);
    expect(blocks[0]?.settings).toEqual({
      provider: "prisma-client",
      output: "../src/generated/prisma",
    });
    expect(blocks[1]?.settings.provider).toBe("postgresql");
    expect(blocks[2]?.text.startsWith("/// Raw payloads")).toBe(true);
    expect(blocks[2]?.text.endsWith("}")).toBe(true);
  });
});

describe("missingBlocks", () => {
  it("returns the fragment's blocks the schema lacks, once, by kind and name", () => {
    const fragments = [
      "model Post {\n  id String @id\n}",
      "model Comment {\n  id String @id\n}\n\nenum Role {\n  USER\n}",
      "model Comment {\n  id String @id\n}",
    ];
    expect(missingBlocks(SCHEMA, fragments).map((b) => b.name)).toEqual(["Comment"]);
  });
});

describe("modelNames", () => {
  it("lists models only", () => {
    expect(modelNames(SCHEMA)).toEqual(["Post"]);
  });
});

describe("insertBlocks", () => {
  const block = (name: string) =>
    parseSchemaBlocks(`/// ${name}\nmodel ${name} {\n  id String @id\n}`)[0];
  const ranks = new Map([
    ["model A", 0],
    ["model B", 1],
    ["model C", 2],
  ]);

  it("puts each block before the first block ranked after it, else at the end", () => {
    const schema = "model Mine {\n  id String @id\n}\n\n/// C\nmodel C {\n  id String @id\n}\n";
    const blocks = [block("A"), block("B")].filter((b) => b !== undefined);
    const result = insertBlocks(schema, blocks, (key) => ranks.get(key));
    expect(parseSchemaBlocks(result).map((b) => b.name)).toEqual(["Mine", "A", "B", "C"]);
    expect(result).toContain("}\n\n/// A\nmodel A {\n  id String @id\n}\n\n/// B\n");
    expect(result.endsWith("}\n")).toBe(true);
  });
});
