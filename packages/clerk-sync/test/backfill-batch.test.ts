import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { syncObjects } from "../src/backfill/index.js";
import { LISTABLE_GROUPS } from "../src/backfill/listable.js";
import { syncPage, upsertEventOf } from "../src/backfill/write.js";
import type { ClerkObject } from "../src/fake-api/index.js";
import { isUniqueViolation } from "../src/ledger/prisma-types.js";
import { bulkInsertOf } from "../src/prisma/bulk-insert.js";
import { syncRowOf } from "../src/prisma/index.js";
import { fixture } from "../src/testing/index.js";
import { openTestDatabase, type TestDatabase } from "./support/db.js";
import { createPrisma, type TestPrisma } from "./support/providers.js";

const T0 = 1_700_000_000_000;

/**
 * A user as the Backend API lists it: `fixture`'s data, with its own id, name and version
 * (`version` ms after a fixed instant).
 */
/** Every column of a table's rows as the database stores it (as text, with SQLite's storage class). */
async function storedRows(
  prisma: TestPrisma,
  provider: string,
  table: string,
): Promise<Record<string, unknown>[]> {
  const columns = (
    provider === "sqlite"
      ? await prisma.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM pragma_table_info('${table}')`,
        )
      : await prisma.$queryRawUnsafe<{ name: string }[]>(
          `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}'`,
        )
  ).map((c) => c.name);
  const select = columns.flatMap((c) => [
    `CAST("${c}" AS TEXT) AS "${c}"`,
    ...(provider === "sqlite" ? [`typeof("${c}") AS "${c}:type"`] : []),
  ]);
  return prisma.$queryRawUnsafe(`SELECT ${select.join(", ")} FROM "${table}" ORDER BY id`);
}

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

  it.each(LISTABLE_GROUPS)(
    "%s rows inserted in plain SQL are stored exactly as Prisma's createMany stores them",
    async (group) => {
      const type = upsertEventOf(group);
      const { data } = fixture(type);
      // Odd values on purpose: non-ASCII text, quotes, nested JSON, a JSON string, nulls.
      const odd = {
        ...data,
        public_metadata: { ключ: 'värde "quoted" 🙂', nested: { list: [1, null, true] } },
        private_metadata: "just a string",
        updated_at: T0 + 1_234,
      };
      const rowOf = (id: string) =>
        syncRowOf({ type, data: { ...odd, id }, timestamp: T0 + 1_234 }).row;
      const model = syncRowOf({ type, data: odd, timestamp: T0 }).model;
      const table = (
        db.prisma as unknown as {
          _runtimeDataModel: { models: Record<string, { dbName: string }> };
        }
      )._runtimeDataModel.models[model.charAt(0).toUpperCase() + model.slice(1)]?.dbName;
      expect(table).toBeTruthy();

      const insert = bulkInsertOf(db.prisma, model);
      expect(insert).toBeDefined();
      expect(await insert?.([rowOf("a_1"), rowOf("a_2")])).toBe(true);
      const stored = await storedRows(db.prisma, provider, table as string);
      await db.prisma.$executeRawUnsafe(`DELETE FROM "${table}"`);
      const delegate = (
        db.prisma as unknown as Record<string, { createMany(a: unknown): Promise<unknown> }>
      )[model];
      await delegate?.createMany({ data: [rowOf("a_1"), rowOf("a_2")] });
      const expected = await storedRows(db.prisma, provider, table as string);
      expect(stored).toHaveLength(2);
      expect(stored).toEqual(expected);
    },
  );

  it("a row whose id is stored fails the plain SQL insert as a unique violation, as createMany would", async () => {
    const row = syncRowOf({
      type: "user.updated",
      data: apiUser("user_twice", 1, "Twice"),
      timestamp: T0,
    }).row;
    const insert = bulkInsertOf(db.prisma, "clerkUser");
    expect(await insert?.([row])).toBe(true);
    const error = await insert?.([{ ...row, id: "user_other" }, row]).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await names(db.prisma)).toEqual({ user_twice: "Twice" });
  });

  it("rows the model cannot take are left to Prisma, with nothing written", async () => {
    const insert = bulkInsertOf(db.prisma, "clerkUser");
    const row = syncRowOf({
      type: "user.updated",
      data: apiUser("user_odd", 1, "Odd"),
      timestamp: T0,
    }).row;
    expect(await insert?.([{ ...row, notAColumn: 1 }])).toBe(false);
    expect(await insert?.([row, { ...row, id: "user_short", username: undefined }])).toBe(false);
    expect(await db.prisma.clerkUser.count()).toBe(0);
    expect(bulkInsertOf(db.prisma, "noSuchModel")).toBeUndefined();
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
              const webhookFirst = async () => {
                await webhook.$transaction((other) =>
                  syncObjects(other, "user", [apiUser("user_raced", 3_000, "From the webhook")]),
                );
              };
              const racing = new Proxy(tx, {
                get(target, key, receiver) {
                  const value = Reflect.get(target, key, receiver);
                  if (key !== "$executeRawUnsafe" || typeof value !== "function") return value;
                  return async (query: string, ...values: unknown[]) => {
                    if (query.startsWith("INSERT INTO")) await webhookFirst();
                    return value.call(target, query, ...values);
                  };
                },
              });
              return write(racing);
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
