import { describe, expectTypeOf, it } from "vitest";
import type { EventData, EventOf } from "../src/index.js";
import { fixture } from "../src/testing/index.js";

// Checked by vitest's typecheck mode (a type error fails the test it is in), not run.
describe("fixture", () => {
  it("is typed as Clerk's payload for each event type", () => {
    // The factories are checked against Clerk's JSON types where they are declared (a mapped
    // type over every catalogued event); here, that the public signature carries those types.
    expectTypeOf(fixture("user.created")).toEqualTypeOf<EventOf<"user.created">>();
    expectTypeOf(fixture("user.deleted").data).toEqualTypeOf<EventData<"user.deleted">>();
    expectTypeOf(fixture("session.pending").data.status).toEqualTypeOf<string>();
    expectTypeOf(fixture("organizationInvitation.accepted").data.user_id).toEqualTypeOf<string>();
    expectTypeOf(fixture("paymentAttempt.updated").data.status).toEqualTypeOf<
      "pending" | "paid" | "failed"
    >();
    // @ts-expect-error: overrides are checked against the payload type too.
    fixture("user.created", { data: { first_name: 42 } });
  });
});
