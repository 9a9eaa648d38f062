import { expect } from "vitest";
import type { ClerkApiOptions, ListableGroup } from "../../src/backfill/index.js";
import { LISTABLE_GROUPS, versionOf } from "../../src/backfill/index.js";
import { SOURCES } from "../../src/backfill/sources.js";
import type { FakeClerkApi, SeedOptions } from "../../src/fake-api/index.js";
import { expectedColumns } from "./expected-columns.js";
import type { TestPrisma } from "./providers.js";

/** A small instance with every listable group, quick enough for CI. */
export const SMALL_INSTANCE: SeedOptions = {
  seed: 7,
  users: 400,
  organizations: 20,
  memberships: 150,
  organizationInvitations: 20,
  organizationDomains: 6,
  invitations: 40,
  waitlistEntries: 30,
  roles: 4,
  permissions: 6,
};

/** Smaller still, for tests that run several commands over it. */
export const TINY_INSTANCE: SeedOptions = {
  seed: 5,
  users: 120,
  organizations: 8,
  memberships: 60,
  organizationInvitations: 8,
  organizationDomains: 3,
  invitations: 12,
  waitlistEntries: 10,
  roles: 3,
  permissions: 4,
};

/** The fake's address and key, unthrottled, with short backoffs for injected failures. */
export function apiOptions(api: FakeClerkApi, extra: ClerkApiOptions = {}): ClerkApiOptions {
  return {
    secretKey: api.secretKey,
    apiUrl: api.url,
    requestsPer10s: 100_000,
    baseDelayMs: 20,
    maxDelayMs: 200,
    ...extra,
  };
}

type Delegate = { findMany(args: object): Promise<Record<string, unknown>[]> };

/**
 * The database holds exactly the fake's data: for every group, the live rows are the fake's
 * objects, each at its current version (its raw JSON is Clerk's object, its version the
 * object's `updated_at`, its columns those of the object), and every other row is a tombstone.
 */
export async function expectDatabaseEqualsClerk(
  prisma: TestPrisma,
  api: FakeClerkApi,
  groups: readonly ListableGroup[] = LISTABLE_GROUPS,
): Promise<void> {
  for (const group of groups) {
    const delegate = (prisma as unknown as Record<string, Delegate>)[
      SOURCES[group].model
    ] as Delegate;
    const rows = await delegate.findMany({ where: { deletedAt: null }, orderBy: { id: "asc" } });
    const objects = [...api.store.list(group)].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(
      rows.map((r) => r.id),
      `${group}: the live rows are the objects in Clerk`,
    ).toEqual(objects.map((o) => o.id));
    for (const [i, object] of objects.entries()) {
      const row = rows[i] as Record<string, unknown>;
      expect(row.raw, `${group} ${object.id}: Clerk's object`).toEqual(
        JSON.parse(JSON.stringify(object)),
      );
      expect(row.syncVersion, `${group} ${object.id}: its version`).toEqual(
        new Date(versionOf(object)),
      );
      expect(row, `${group} ${object.id}: its columns`).toEqual({
        id: object.id,
        raw: row.raw,
        syncVersion: new Date(versionOf(object)),
        deletedAt: null,
        ...expectedColumns(group, object),
      });
    }
  }
}
