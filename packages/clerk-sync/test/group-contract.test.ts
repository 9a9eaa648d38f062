import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EVENT_GROUP_NAMES, EVENT_GROUPS, type EventGroup } from "../src/catalog/index.js";
import { MODELS_OF_GROUP, syncPlanOf, syncRowOf } from "../src/prisma/index.js";
import { fixture } from "../src/testing/index.js";

/*
 * What every event group must provide, checked group by group so a missing piece is named: the
 * walkthrough in docs/adding-an-event-group.md lists the same pieces in the same order.
 */
const TEMPLATES = fileURLToPath(new URL("../../../templates/prisma/models/", import.meta.url));
const pascal = (model: string) => `${model[0]?.toUpperCase()}${model.slice(1)}`;

describe.each(EVENT_GROUP_NAMES)("event group %s", (group: EventGroup) => {
  const definition = EVENT_GROUPS[group];
  const models: readonly string[] = MODELS_OF_GROUP[group];

  it("1. is in the catalog with a label, a description and its events", () => {
    expect(definition.label, `${group}: label`).not.toBe("");
    expect(definition.description, `${group}: description`).not.toBe("");
    expect(definition.events.length, `${group}: events`).toBeGreaterThan(0);
  });

  it("2. names the models it syncs into (MODELS_OF_GROUP in src/prisma/models.ts)", () => {
    expect(models.length, `${group}: no entry in MODELS_OF_GROUP`).toBeGreaterThan(0);
  });

  it("3. has a Prisma fragment declaring each of them (templates/prisma/models/<group>.prisma)", () => {
    const file = `${TEMPLATES}${group}.prisma`;
    expect(
      fs.existsSync(file),
      `${group}: templates/prisma/models/${group}.prisma is missing`,
    ).toBe(true);
    const text = fs.readFileSync(file, "utf8");
    for (const model of models) {
      expect(text, `${group}: the fragment declares no model ${pascal(model)}`).toMatch(
        new RegExp(`^model ${pascal(model)} \\{`, "m"),
      );
    }
  });

  it.each(definition.events as readonly string[])(
    "4. %s has a sync plan into one of the group's models, a fixture, and a row mapping",
    (type) => {
      const event = type as (typeof definition.events)[number];
      const plan = syncPlanOf(event);
      expect(models, `${type}: syncs into ${plan.model}, not a model of ${group}`).toContain(
        plan.model,
      );
      const sample = fixture(event);
      expect(sample.type).toBe(type);
      const { model, row } = syncRowOf(sample);
      expect(model).toBe(plan.model);
      expect(row.id, `${type}: the fixture's row has no id`).toMatch(/\S/);
    },
  );
});

describe("the registry", () => {
  it("MODELS_OF_GROUP lists exactly the catalog's groups, in catalog order", () => {
    expect(Object.keys(MODELS_OF_GROUP)).toEqual(EVENT_GROUP_NAMES);
  });

  it("every fragment under templates/prisma/models is a group's (or the ledger's)", () => {
    const fragments = fs
      .readdirSync(TEMPLATES)
      .filter((name) => name.endsWith(".prisma"))
      .map((name) => name.replace(/\.prisma$/, ""));
    expect(fragments.filter((name) => name !== "ledger").sort()).toEqual(
      [...EVENT_GROUP_NAMES].sort(),
    );
  });
});
