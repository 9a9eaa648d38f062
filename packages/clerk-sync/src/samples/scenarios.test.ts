import { describe, expect, it } from "vitest";
import { isCatalogedEventType } from "../catalog/index.js";
import { isScenarioName, SCENARIO_NAMES, SCENARIOS, scenario } from "./scenarios.js";

type Data = Record<string, unknown> & { id: string };
const data = (d: { payload: { data: unknown } }) => d.payload.data as Data;

describe("scenarios", () => {
  it.each(SCENARIO_NAMES)("%s: catalogued events, a title, a description, svix ids", (name) => {
    const built = scenario(name);
    expect(built.name).toBe(name);
    expect(built.title).toBe(SCENARIOS[name].title);
    expect(built.description.length).toBeGreaterThan(20);
    expect(built.deliveries.length).toBeGreaterThan(0);
    for (const delivery of built.deliveries) {
      expect(delivery.svixId).toMatch(/^msg_\w+$/);
      expect(isCatalogedEventType(delivery.payload.type)).toBe(true);
      expect(delivery.payload.object).toBe("event");
    }
    // A svix-id always carries the same payload: duplicates are redeliveries, not new events.
    const byId = new Map<string, unknown>();
    for (const { svixId, payload } of built.deliveries) {
      expect(byId.get(svixId) ?? payload).toBe(payload);
      byId.set(svixId, payload);
    }
    expect(isScenarioName(name)).toBe(true);
  });

  it("signup-joins-org: the user, their organization and the admin membership, in order", () => {
    const { deliveries } = scenario("signup-joins-org", { seed: 1 });
    expect(deliveries.map((d) => d.payload.type)).toEqual([
      "user.created",
      "user.updated",
      "organization.created",
      "organizationMembership.created",
      "organization.updated",
    ]);
    const [created, updated, org, membership, orgUpdated] = deliveries.map(data) as [
      Data,
      Data,
      Data,
      Data,
      Data,
    ];
    expect(updated.id).toBe(created.id);
    expect(orgUpdated.id).toBe(org.id);
    expect(org.created_by).toBe(created.id);
    expect(membership.role).toBe("org:admin");
    expect((membership.organization as Data).id).toBe(org.id);
    expect((membership.public_user_data as { user_id: string }).user_id).toBe(created.id);
    const times = deliveries.map((d) => d.payload.timestamp as number);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(Number(updated.updated_at)).toBeGreaterThan(Number(created.updated_at));
    expect(new Set(deliveries.map((d) => d.svixId)).size).toBe(5);
  });

  it("duplicate-burst: one delivery, many times", () => {
    const { deliveries } = scenario("duplicate-burst", { copies: 7 });
    expect(deliveries).toHaveLength(7);
    expect(new Set(deliveries).size).toBe(1);
    expect(scenario("duplicate-burst").deliveries).toHaveLength(10);
    expect(() => scenario("duplicate-burst", { copies: 0 })).toThrow(/copies/);
  });

  it("out-of-order-storm: the in-order history, shuffled, with redeliveries", () => {
    const now = Date.UTC(2026, 0, 1);
    const storm = scenario("out-of-order-storm", { seed: 42, now });
    const ordered = scenario("out-of-order-storm", { seed: 42, now, inOrder: true });
    const unique = [...new Map(storm.deliveries.map((d) => [d.svixId, d.payload])).values()];
    expect(unique).toHaveLength(ordered.deliveries.length);
    expect(storm.deliveries.length).toBeGreaterThan(unique.length);
    // Same seed and time: the same events, only the order and the svix ids differ.
    const key = (p: { type: string; timestamp?: unknown; data: unknown }) =>
      `${p.timestamp} ${p.type} ${(p.data as Data).id}`;
    expect(unique.map(key).sort()).toEqual(ordered.deliveries.map((d) => key(d.payload)).sort());
    expect(storm.deliveries.map((d) => key(d.payload))).not.toEqual(
      ordered.deliveries.map((d) => key(d.payload)),
    );
    // In order, every entity's versions only grow, and the storm ends with deletes.
    const last = new Map<string, number>();
    for (const { payload } of ordered.deliveries) {
      const { id, updated_at } = payload.data as unknown as Data & { updated_at?: number };
      const version = updated_at ?? (payload.timestamp as number);
      if (!payload.type.endsWith(".deleted")) expect(version).toBeGreaterThan(last.get(id) ?? 0);
      last.set(id, version);
    }
    expect(ordered.deliveries.slice(-2).map((d) => d.payload.type)).toEqual([
      "organizationMembership.deleted",
      "user.deleted",
    ]);
    expect(
      scenario("out-of-order-storm", { seed: 42, now }).deliveries.map((d) => key(d.payload)),
    ).toEqual(storm.deliveries.map((d) => key(d.payload)));
  });

  it("failing-handler-recovers: failTimes in the user's public metadata", () => {
    const [delivery] = scenario("failing-handler-recovers").deliveries;
    expect(delivery?.payload.type).toBe("user.created");
    expect(data(delivery as never).public_metadata as object).toEqual({
      clerkSyncDemo: { failTimes: 2 },
    });
    const [five] = scenario("failing-handler-recovers", { failTimes: 5 }).deliveries;
    expect(data(five as never).public_metadata).toEqual({ clerkSyncDemo: { failTimes: 5 } });
    expect(() => scenario("failing-handler-recovers", { failTimes: -1 })).toThrow(/failTimes/);
  });
});
