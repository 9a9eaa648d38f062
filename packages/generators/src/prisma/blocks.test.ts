import { describe, expect, it } from "vitest";
import { missingBlocks, modelNames, parseSchemaBlocks } from "./blocks.js";

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
