import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { syncObjects } from "../src/backfill/index.js";
import { syncPage } from "../src/backfill/write.js";
import type { ClerkObject } from "../src/fake-api/index.js";
import { fixture } from "../src/testing/index.js";
import { openTestDatabase, type TestDatabase } from "./support/db.js";
import { createPrisma, type TestPrisma } from "./support/providers.js";

const T0 = 1_700_000_000_000;

/**
 * A user as the Backend API lists it: `fixture`'s data, with its own id, name and version
 * (`version` ms after a fixed instant).
 */
function apiUser(id: string, version: number, firstName: string): ClerkObject {
  const { data } = fixture("user.created");
  return { ...data, id, first_name: firstName, created_at: T0, updated_at: T0 + version };
}

async function names(prisma: TestPrisma): Promise<Record<string, string | null>> {
  const rows = await prisma.clerkUser.findMany({ select: { id: true, firstName: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.firstName]));
}

describe.each(inject("providers"))("backfill pages written in one insert on %s", (provider) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(provider, "backfill_batch");
  });
  afterAll(async () => {
    await db?.close();
  });
  afterEach(async () => {
    await db.reset();
  });

  it("a page of new and stored objects ends as writing each one alone would", async () => {
    // Stored before the page: one older than the page's copy, one newer, one equal.
    await db.prisma.$transaction((tx) =>
      syncObjects(tx, "user", [
        apiUser("user_older", 1_000, "Old"),
        apiUser("user_newer", 9_000, "Kept"),
        apiUser("user_equal", 5_000, "Same"),
      ]),
    );
    const page = [
      apiUser("user_new_1", 2_000, "New one"),
      apiUser("user_older", 2_000, "Updated"),
      apiUser("user_newer", 3_000, "Stale"),
      apiUser("user_equal", 5_000, "Same"),
      apiUser("user_new_2", 2_000, "First copy"),
      // The same new object twice in one page: the newer copy wins, in either order.
      apiUser("user_new_2", 4_000, "Second copy"),
      apiUser("user_new_3", 4_000, "Newer first"),
      apiUser("user_new_3", 3_000, "Older second"),
    ];
    let transactions = 0;
    await syncPage(
      (write) => {
        transactions += 1;
        return db.prisma.$transaction((tx) => write(tx));
      },
      "user",
      page,
    );
    expect(transactions).toBe(1);
    expect(await names(db.prisma)).toEqual({
      user_new_1: "New one",
      user_older: "Updated",
      user_newer: "Kept",
      user_equal: "Same",
      user_new_2: "Second copy",
      user_new_3: "Newer first",
    });
    const row = await db.prisma.clerkUser.findUniqueOrThrow({ where: { id: "user_new_2" } });
    expect(row.syncVersion.getTime()).toBe(T0 + 4_000);
    expect(row.deletedAt).toBeNull();
  });

  it.runIf(provider === "postgresql")(
    "a row a webhook inserts between the page's read and its insert sends the page through again, one object at a time",
    async () => {
      const webhook = createPrisma(provider, db.url);
      try {
        const page = [
          apiUser("user_raced", 2_000, "From the page"),
          apiUser("user_calm", 2_000, "Calm"),
        ];
        let transactions = 0;
        await syncPage(
          (write) => {
            transactions += 1;
            const first = transactions === 1;
            return db.prisma.$transaction(async (tx) => {
              if (!first) return write(tx);
              // The barrier: the page's insert starts only once the webhook's row is committed.
              const delegate = tx.clerkUser;
              const racing = new Proxy(delegate, {
                get(target, key, receiver) {
                  if (key !== "createMany") return Reflect.get(target, key, receiver);
                  return async (args: Parameters<typeof delegate.createMany>[0]) => {
                    await webhook.$transaction((other) =>
                      syncObjects(other, "user", [
                        apiUser("user_raced", 3_000, "From the webhook"),
                      ]),
                    );
                    return target.createMany(args);
                  };
                },
              });
              return write(
                new Proxy(tx, { get: (t, k) => (k === "clerkUser" ? racing : Reflect.get(t, k)) }),
              );
            });
          },
          "user",
          page,
        );
        expect(transactions).toBe(2);
        expect(await names(db.prisma)).toEqual({
          user_raced: "From the webhook",
          user_calm: "Calm",
        });
      } finally {
        await webhook.$disconnect();
      }
    },
  );
});
