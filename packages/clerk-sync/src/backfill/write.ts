import type { ClerkEventType } from "../catalog/index.js";
import { isUniqueViolation } from "../ledger/prisma-types.js";
import { bulkInsertOf } from "../prisma/bulk-insert.js";
import { delegateOf, isBatchDelegate } from "../prisma/client.js";
import { syncRowOf } from "../prisma/handlers.js";
import { writeVersioned, writeVersionedMany } from "../prisma/version.js";
import type { ListableGroup } from "./listable.js";
import type { ClerkObject } from "./sources.js";

/**
 * The event whose sync an object read from the API goes through: one that upserts the group's
 * row from the object's data, exactly as its webhook would.
 */
const UPSERT_EVENT: { readonly [G in ListableGroup]: ClerkEventType } = {
  user: "user.updated",
  organization: "organization.updated",
  organizationDomain: "organizationDomain.updated",
  organizationInvitation: "organizationInvitation.created",
  organizationMembership: "organizationMembership.updated",
  role: "role.updated",
  permission: "permission.updated",
  invitation: "invitation.created",
  waitlistEntry: "waitlistEntry.updated",
};

/**
 * How a deletion is synced, for the groups Clerk sends a delete event for, and what its payload
 * holds: only the object's id (`{ object, id, deleted }`), or the whole object as it last was.
 */
const DELETE_EVENT: { readonly [G in ListableGroup]?: { type: ClerkEventType; object?: string } } =
  {
    user: { type: "user.deleted", object: "user" },
    organization: { type: "organization.deleted", object: "organization" },
    organizationDomain: { type: "organizationDomain.deleted", object: "organization_domain" },
    organizationMembership: { type: "organizationMembership.deleted" },
    role: { type: "role.deleted" },
    permission: { type: "permission.deleted" },
  };

/** The event type an object read from the API is synced as (its group's upsert). */
export function upsertEventOf(group: ListableGroup): ClerkEventType {
  return UPSERT_EVENT[group];
}

/** Whether a row of this group can be tombstoned: Clerk has a delete event for it. */
export function canTombstone(group: ListableGroup): boolean {
  return DELETE_EVENT[group] !== undefined;
}

/** An object's version, as the sync reads it: `updated_at` (else `created_at`), in ms. */
export function versionOf(object: ClerkObject): number {
  return object.updated_at ?? object.created_at ?? 0;
}

/**
 * Write objects read from Clerk's Backend API, each through the kit's version-guarded sync
 * (`syncRowOf` + `writeVersioned`) exactly as the webhook carrying the same data would: an
 * object older than the row is ignored, an equal one changes nothing, a newer one wins, and a
 * tombstone stays. So a backfill and webhooks arriving meanwhile end in the same state. Runs in
 * the caller's transaction.
 *
 * With `batch`, the page is read in one query, the objects that have no row yet are inserted
 * together in plain SQL, and only objects newer than their rows are written one by one
 * (`writeVersionedMany`); should another transaction insert one of them first, the write fails
 * with a unique violation and the caller runs the page again (`syncPage` does).
 *
 * @example
 * await prisma.$transaction((tx) => syncObjects(tx, "user", page.objects));
 */
export async function syncObjects(
  tx: unknown,
  group: ListableGroup,
  objects: readonly ClerkObject[],
  { batch = false }: { batch?: boolean } = {},
): Promise<void> {
  const type = UPSERT_EVENT[group];
  const planned = objects.map((data) => syncRowOf({ type, data, timestamp: versionOf(data) }));
  const model = planned[0]?.model;
  if (batch && model && planned.every((p) => p.model === model && p.kind === "upsert")) {
    const delegate = delegateOf(tx, model);
    if (isBatchDelegate(delegate)) {
      await writeVersionedMany(
        delegate,
        planned.map((p) => p.row),
        bulkInsertOf(tx, model),
      );
      return;
    }
  }
  for (const { model: each, kind, row } of planned) {
    await writeVersioned(delegateOf(tx, each), row, kind);
  }
}

/**
 * Write one page of objects in a transaction of `run`'s, inserting the new ones together; if a
 * webhook inserted one of them meanwhile (a unique violation), the page is written again one
 * object at a time, in a new transaction, where that row is compared as usual.
 */
export async function syncPage<T>(
  run: (write: (tx: unknown) => Promise<void>) => Promise<T>,
  group: ListableGroup,
  objects: readonly ClerkObject[],
): Promise<T> {
  try {
    return await run((tx) => syncObjects(tx, group, objects, { batch: true }));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return run((tx) => syncObjects(tx, group, objects));
  }
}

/**
 * Tombstone rows whose objects are gone from Clerk, through the sync's delete. The delete is
 * stamped with the version the row holds: it wins over everything the row has seen, and Clerk's
 * own delete event, later, still applies over it with the real time of the deletion. Groups
 * without a delete event (invitations, waitlist entries) are left alone; returns how many rows
 * were tombstoned.
 */
export async function syncDeletions(
  tx: unknown,
  group: ListableGroup,
  rows: readonly { id: string; raw: unknown; syncVersion: Date }[],
): Promise<number> {
  const remove = DELETE_EVENT[group];
  if (!remove) return 0;
  for (const stored of rows) {
    const data = remove.object
      ? { object: remove.object, id: stored.id, deleted: true }
      : { ...((stored.raw ?? {}) as object), id: stored.id };
    const { model, kind, row } = syncRowOf({
      type: remove.type,
      data,
      timestamp: stored.syncVersion.getTime(),
    });
    await writeVersioned(delegateOf(tx, model), row, kind);
  }
  return rows.length;
}
