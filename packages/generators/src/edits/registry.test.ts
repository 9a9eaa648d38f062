import { EVENT_GROUP_NAMES, type EventGroup } from "@acme/clerk-sync/catalog";
import { describe, expect, it } from "vitest";
import { renderRegistry } from "../webhook-event/steps";
import { registerGroups, syncedGroupsOf } from "./registry";

function register(text: string, groups: EventGroup[]) {
  const result = registerGroups(text, "index.ts", groups);
  const again = registerGroups(result.content, "index.ts", groups);
  expect(again.changed).toBe(false);
  return result;
}

describe("registerGroups", () => {
  it.each<[EventGroup[], EventGroup[]]>([
    [["user"], ["organization"]],
    [["organization"], ["user", "role"]],
    [["user", "organization"], ["organizationMembership"]],
    [["user", "organization"], EVENT_GROUP_NAMES.filter((g) => g !== "user")],
    [
      ["paymentAttempt", "user"],
      ["communication", "subscription", "organizationDomain"],
    ],
  ])("registering %j then %j equals generating both at once", (first, then) => {
    const edited = register(renderRegistry(first), then).content;
    expect(edited).toBe(renderRegistry([...first, ...then]));
  });

  it("keeps a hand-edited registry's comments and extra hooks, adding only what is missing", () => {
    const text = `import type { EventGroup } from "@acme/clerk-sync";
import { auditHooks } from "../audit";
import { userHooks } from "./user";

/** The event groups this app syncs. */
export const syncedGroups = [
  "user", // the only one, for now
] as const satisfies readonly EventGroup[];

export const hooks = [
  userHooks,
  auditHooks,
];
`;
    const result = register(text, ["user", "organization"]);
    expect(result.content).toBe(`import type { EventGroup } from "@acme/clerk-sync";
import { auditHooks } from "../audit";
import { organizationHooks } from "./organization";
import { userHooks } from "./user";

/** The event groups this app syncs. */
export const syncedGroups = [
  "user", // the only one, for now
  "organization",
] as const satisfies readonly EventGroup[];

export const hooks = [
  userHooks,
  organizationHooks,
  auditHooks,
];
`);
  });

  it("adds a missing hooks entry or import on its own", () => {
    const text = renderRegistry(["user", "role"]).replace(", roleHooks]", "]");
    expect(register(text, ["role"]).content).toBe(renderRegistry(["user", "role"]));
  });

  it("warns and changes nothing when the registry has no array literals", () => {
    const result = registerGroups("export const syncedGroups = load();\n", "index.ts", ["user"]);
    expect(result.changed).toBe(false);
    expect(result.warnings[0]).toContain("register user there yourself");
  });
});

describe("syncedGroupsOf", () => {
  it("reads the registry's groups in catalog order", () => {
    expect(syncedGroupsOf(renderRegistry(["role", "user"]))).toEqual(["user", "role"]);
  });
});
