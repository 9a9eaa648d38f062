import { describe, expect, it } from "vitest";
import { EVENT_GROUP_NAMES } from "../src/index.js";
import { MODELS_OF_GROUP } from "../src/prisma/index.js";

// The type-level checks of the Prisma sync are in sync-types.test-d.ts (vitest's typecheck mode).
describe("the Prisma sync's models", () => {
  it("are listed for every event group, in the catalog's order", () => {
    expect(Object.keys(MODELS_OF_GROUP)).toEqual(EVENT_GROUP_NAMES);
  });
});
