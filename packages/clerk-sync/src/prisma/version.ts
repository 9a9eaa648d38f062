import { ClerkSyncError } from "../errors/index.js";
import type { SyncDelegate } from "./client.js";
import type { InputJson, SyncedColumns } from "./models.js";

/** How an event changes its row. */
export type WriteKind =
  /** Write the row if the event is newer than what the row holds. */
  | "upsert"
  /** Tombstone the row if the event is at least as new; create the tombstone if there is no row. */
  | "delete"
  /** Insert the row once; later deliveries of the same id change nothing. */
  | "append";

/**
 * The version an event writes its row at. Upserts use `data.updated_at` (Clerk's own clock for the
 * resource), or the event time where the payload has none (billing items). Deletes use the event
 * time: their payload often carries no `updated_at`, and when it does it is the last update's.
 *
 * @example eventVersion({ timestamp: 1_700_000_000_500, data: { updated_at: 1_700_000_000_000 } }, "upsert")
 * // → 2023-11-14T22:13:20.000Z
 */
export function eventVersion(
  event: { timestamp?: unknown; data?: unknown; type?: unknown },
  kind: WriteKind,
): Date {
  const updatedAt =
    kind === "upsert" && typeof event.data === "object" && event.data !== null
      ? (event.data as { updated_at?: unknown }).updated_at
      : undefined;
  const ms = isTime(updatedAt) ? updatedAt : event.timestamp;
  if (!isTime(ms)) {
    throw new ClerkSyncError(
      "UNSYNCABLE_EVENT",
      `A ${String(event.type)} event carries neither data.updated_at nor a timestamp to order it by.`,
      { suggestion: "Check the payload in the event log; Clerk events always carry a timestamp." },
    );
  }
  return new Date(ms);
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * Write one synced row, guarded by its version, atomically and without races on SQLite and
 * PostgreSQL:
 *
 * 1. `upsert` with a no-op update makes sure the row exists and returns its version. Prisma runs
 *    this shape as one `INSERT … ON CONFLICT (id) DO UPDATE`, so two deliveries racing to create
 *    the same row never hit a unique-constraint error; the loser waits on the winner's row lock
 *    (PostgreSQL) or the database lock (SQLite), and from then on this transaction holds the row.
 * 2. `updateMany` where the stored version is older writes the row. A newer event always wins,
 *    an equal one changes nothing (redelivery), an older one is dropped. A delete wins a tie with
 *    an upsert (`lte`), so a create and a delete at the same instant end deleted in any order.
 *    When the version the upsert returned already rules the update out (the row was just created
 *    from this event, or is newer), the statement is skipped: it could not match.
 *
 * A tombstone is an ordinary row with `deletedAt` set and the version of its delete: an older
 * update cannot pass the guard to revive it, a genuinely newer create can.
 *
 * @example
 * await writeVersioned(tx.clerkUser, { ...columns, id, raw, syncVersion, deletedAt: null }, "upsert");
 */
export async function writeVersioned<W extends SyncedColumns<InputJson>>(
  delegate: SyncDelegate<W>,
  row: W,
  kind: WriteKind,
): Promise<void> {
  const stored = await delegate.upsert({
    where: { id: row.id },
    create: row,
    update: { id: row.id },
    select: { syncVersion: true },
  });
  if (kind === "append") return;
  const version = row.syncVersion;
  const current = stored.syncVersion.getTime();
  if (kind === "delete" ? current > version.getTime() : current >= version.getTime()) return;
  await delegate.updateMany({
    where: { id: row.id, syncVersion: kind === "delete" ? { lte: version } : { lt: version } },
    data: row,
  });
}
