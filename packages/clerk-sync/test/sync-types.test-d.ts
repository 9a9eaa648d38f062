import { describe, expectTypeOf, it } from "vitest";
import { createClerkSync, defineHandlers, type HandlerMap } from "../src/index.js";
import {
  countLive,
  getOrganizationWithMembers,
  listLive,
  listUserMemberships,
  listUsers,
  type RowOf,
  type SyncClient,
  type SyncedModel,
  syncHandlers,
} from "../src/prisma/index.js";
import type * as Pg from "./generated/postgresql/client.js";
import type * as Sqlite from "./generated/sqlite/client.js";
import type { TestTx } from "./support/harness.js";
import type { TestPrisma } from "./support/providers.js";

/*
 * Checked by vitest's typecheck mode (a type error fails the test it is in), not run.
 * The kit never imports a generated client; these checks hold it to the clients generated from
 * templates/prisma (both providers), so a column renamed in a model fragment and not in the
 * kit's types, or the other way round, fails the typecheck.
 */

type Generated = {
  clerkUser: Sqlite.ClerkUser;
  clerkOrganization: Sqlite.ClerkOrganization;
  clerkOrganizationDomain: Sqlite.ClerkOrganizationDomain;
  clerkOrganizationInvitation: Sqlite.ClerkOrganizationInvitation;
  clerkOrganizationMembership: Sqlite.ClerkOrganizationMembership;
  clerkRole: Sqlite.ClerkRole;
  clerkPermission: Sqlite.ClerkPermission;
  clerkSession: Sqlite.ClerkSession;
  clerkEmail: Sqlite.ClerkEmail;
  clerkSmsMessage: Sqlite.ClerkSmsMessage;
  clerkInvitation: Sqlite.ClerkInvitation;
  clerkWaitlistEntry: Sqlite.ClerkWaitlistEntry;
  clerkSubscription: Sqlite.ClerkSubscription;
  clerkSubscriptionItem: Sqlite.ClerkSubscriptionItem;
  clerkPaymentAttempt: Sqlite.ClerkPaymentAttempt;
};

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>];

// Stand-ins for type checks only: nothing below calls the database.
const prisma = undefined as unknown as TestPrisma;
const tx = undefined as unknown as TestTx;

describe("the Prisma sync's types", () => {
  it("name every model of every group, with the columns the generated clients have", () => {
    expectTypeOf<keyof Generated>().toEqualTypeOf<SyncedModel>();
    expectTypeOf<{ [M in SyncedModel]: SameKeys<Generated[M], RowOf<M>> }>().toEqualTypeOf<{
      [M in SyncedModel]: [never, never];
    }>();
    expectTypeOf<{ [M in SyncedModel]: Generated[M] }>().toExtend<{
      [M in SyncedModel]: RowOf<M>;
    }>();
  });

  it("accept both providers' transaction clients for the sync of every group", () => {
    expectTypeOf<TestTx>().toExtend<SyncClient>();
    expectTypeOf<Pg.Prisma.TransactionClient>().toExtend<SyncClient>();
    expectTypeOf<Sqlite.Prisma.TransactionClient>().toExtend<SyncClient>();
  });

  it("compose with the app's hooks in one handler set, typed by the groups synced", () => {
    // The wiring an app writes (lib/clerk-sync.ts); type-checked, not run.
    const wiring = () => {
      const hooks = defineHandlers<TestTx>({ "user.created": async () => {} });
      const syncedGroups = ["user", "organization"] as const;
      createClerkSync<TestTx>({ prisma, handlers: [syncHandlers(syncedGroups), hooks] });
      createClerkSync<TestTx>({ prisma, handlers: [syncHandlers("all"), hooks] });

      // A client whose schema lacks a group's models cannot take that group's sync.
      type WithoutSessions = Omit<TestTx, "clerkSession">;
      createClerkSync<WithoutSessions>({ prisma, handlers: [syncHandlers(["user"])] });
      createClerkSync<WithoutSessions>({
        prisma,
        // @ts-expect-error: the session group writes ClerkSession, which this client lacks.
        handlers: [syncHandlers(["session"])],
      });
    };
    expectTypeOf(wiring).toBeFunction();
    expectTypeOf(syncHandlers(["session"])).toEqualTypeOf<HandlerMap<SyncClient<"session">>>();
  });

  it("let the query helpers read through a client or a transaction", () => {
    expectTypeOf(listUsers).toBeCallableWith(prisma);
    expectTypeOf(listUsers).toBeCallableWith(tx, { search: "ada" });
    expectTypeOf(getOrganizationWithMembers).toBeCallableWith(prisma, "org_1");
    expectTypeOf(listUserMemberships).toBeCallableWith(tx, "user_1");
    expectTypeOf(listLive<"clerkSession">).toBeCallableWith(prisma, "clerkSession");
    expectTypeOf(countLive<"clerkPaymentAttempt">).toBeCallableWith(tx, "clerkPaymentAttempt");
    expectTypeOf<Awaited<ReturnType<typeof listLive<"clerkRole">>>["rows"]>().toEqualTypeOf<
      RowOf<"clerkRole">[]
    >();
  });
});
