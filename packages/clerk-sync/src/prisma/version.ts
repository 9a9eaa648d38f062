import { ClerkSyncError } from "../errors/index.js";
import { epochMs } from "../ledger/time.js";
import type { BulkInsert } from "./bulk-insert.js";
import type { BatchDelegate, SyncDelegate } from "./client.js";
import type { InputJson, SyncedColumns } from "./models.js";

/** How an event changes its row. */
export type WriteKind =
  /** Write the row, versioned by `data.updated_at` (else the event time). */
  | "upsert"
  /** Tombstone the row (creating the tombstone if there is no row): final, nothing undoes it. */
  | "delete"
  /** A record with no version of its own (emails, SMS): versioned by the event time. */
  | "append";

/**
 * The version an event writes its row at, in milliseconds (times Clerk sent in seconds are
 * scaled). Upserts use `data.updated_at`, Clerk's own clock for the resource; deletes and
 * appends, and upserts whose payload has no usable `updated_at` (billing items), use the event's
 * `timestamp`; an event with neither uses `deliveredAt` (the `svix-timestamp`), when given.
 *
 * @example eventVersion({ timestamp: 1_700_000_000_500, data: { updated_at: 1_700_000_000_000 } }, "upsert")
 * // → 2023-11-14T22:13:20.000Z
 * @example eventVersion({ timestamp: 1_700_000_000, data: { id: "user_1" } }, "delete")
 * // → 2023-11-14T22:13:20.000Z (an envelope time in seconds)
 */
export function eventVersion(
  event: { timestamp?: unknown; data?: unknown; type?: unknown },
  kind: WriteKind,
  deliveredAt?: Date,
): Date {
  const updatedAt =
    kind === "upsert" && typeof event.data === "object" && event.data !== null
      ? epochMs((event.data as { updated_at?: unknown }).updated_at)
      : undefined;
  const ms = updatedAt ?? epochMs(event.timestamp) ?? epochMs(deliveredAt?.getTime());
  if (ms === undefined) {
    throw new ClerkSyncError(
      "UNSYNCABLE_EVENT",
      `A ${String(event.type)} event carries neither data.updated_at nor a timestamp to order it by.`,
      { suggestion: "Check the payload in the event log; Clerk events always carry a timestamp." },
    );
  }
  return new Date(ms);
}

/**
 * Where a status stands in the life of its object, for two events of one object at the same
 * version: the later stage wins. One table serves every kind of object, because the kinds agree
 * wherever they share a word:
 *
 * - session: pending < active < ended, removed, revoked, replaced, expired, abandoned
 * - invitation, organization invitation: pending < accepted, revoked, expired
 * - waitlist entry: pending < invited < completed, rejected
 * - subscription, subscription item: upcoming, incomplete < active < past_due < canceled <
 *   ended, abandoned, expired
 * - payment attempt: pending < paid, failed
 * - email, SMS: queued < sent < delivered, failed
 *
 * A status the table does not know ranks with the live ones (1); a row without one, 0.
 */
const STATUS_RANK = new Map<string, number>([
  ...["pending", "upcoming", "incomplete", "queued"].map((s) => [s, 0] as const),
  ...["active", "invited", "sent"].map((s) => [s, 1] as const),
  ["past_due", 2],
  ["canceled", 3],
  ...[
    "ended",
    "removed",
    "revoked",
    "replaced",
    "expired",
    "abandoned",
    "accepted",
    "completed",
    "rejected",
    "paid",
    "failed",
    "delivered",
  ].map((s) => [s, 4] as const),
]);

function statusRank(status: unknown): number {
  if (typeof status !== "string") return 0;
  return STATUS_RANK.get(status) ?? 1;
}

type Row = { readonly [column: string]: unknown };

/**
 * The total order on the writes of one row, so that any order of the same events ends in the
 * same row: a tombstone comes after every live row (Clerk never reuses an id, so a delete is
 * final), then the newer version, then the later status in the object's life, then the greater
 * content (a canonical rendering of the row's columns, compared as text). Returns a negative
 * number, zero or a positive number as `a` comes before, ties with or comes after `b`.
 * `columns` are the columns compared (those the kit writes: an app's own columns never count).
 */
export function compareWrites(a: Row, b: Row, columns: readonly string[]): number {
  const deleted = Number(a.deletedAt != null) - Number(b.deletedAt != null);
  if (deleted !== 0) return deleted;
  const version = timeOf(a.syncVersion) - timeOf(b.syncVersion);
  if (version !== 0) return Math.sign(version);
  const rank = statusRank(a.status) - statusRank(b.status);
  if (rank !== 0) return Math.sign(rank);
  const [left, right] = [canonicalRow(a, columns), canonicalRow(b, columns)];
  return left < right ? -1 : left > right ? 1 : 0;
}

function timeOf(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function canonicalRow(row: Row, columns: readonly string[]): string {
  return columns.map((column) => `${column}=${canonical(row[column])}`).join("\n");
}

/**
 * One rendering per value, however it was stored: object keys sorted, dates as milliseconds.
 * A row read back from either database renders as it did when written (JSON keeps its values;
 * the text it holds was made storable before).
 */
function canonical(value: unknown): string {
  if (value instanceof Date) return String(value.getTime());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const object = value as Row;
    const keys = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Write one synced row, atomically and without races on SQLite and PostgreSQL, so that the row
 * ends as the greatest of all the writes it received, in the order `compareWrites` defines:
 *
 * 1. `upsert` with a no-op update makes sure the row exists and returns it. Prisma runs this
 *    shape as one `INSERT … ON CONFLICT (id) DO UPDATE`, so two deliveries racing to create the
 *    same row never hit a unique-constraint error; the loser waits on the winner's row lock
 *    (PostgreSQL) or the database lock (SQLite), and from then on this transaction holds the row:
 *    what it returned stays true until the transaction ends.
 * 2. If this write comes after the stored row, `updateMany` replaces it, on the condition that
 *    the stored version is still the one just read: were the lock ever not held, the statement
 *    would match nothing and the delivery would be retried whole, never overwrite blindly.
 *
 * The comparison needs the stored row's status and content as well as its version, which is why
 * it runs here rather than in the statement's WHERE: one locked read, one conditional write.
 *
 * @example
 * await writeVersioned(tx.clerkUser, { ...columns, id, raw, syncVersion, deletedAt: null }, "upsert");
 */
export async function writeVersioned<W extends SyncedColumns<InputJson>>(
  delegate: SyncDelegate<W>,
  row: W,
  kind: WriteKind,
): Promise<void> {
  const write: W =
    kind === "delete" && row.deletedAt === null ? { ...row, deletedAt: row.syncVersion } : row;
  const columns = Object.keys(write).sort();
  const stored = await delegate.upsert({
    where: { id: write.id },
    create: write,
    update: { id: write.id },
    select: Object.fromEntries(columns.map((column) => [column, true])),
  });
  if (compareWrites(write as unknown as Row, stored, columns) <= 0) return;
  const { count } = await delegate.updateMany({
    where: { id: write.id, syncVersion: stored.syncVersion as Date },
    data: write,
  });
  if (count !== 1) {
    throw new Error(
      `The row ${write.id} changed while this event was being written; the delivery will be retried.`,
    );
  }
}

/**
 * Write many rows of one model (upserts, each through the same order as `writeVersioned`), as
 * writing each alone would leave them, in far fewer statements: one read of the stored rows,
 * one insert of the rows with no stored row yet (by `insert`, else Prisma's `createMany`), and
 * `writeVersioned` only for a row that comes after its stored one; a row that does not (the
 * stored row is as new or newer) is left alone without a write, which is safe without a lock
 * because a stored row only ever moves forward in that order. A row another transaction
 * inserts in between makes the insert fail with Prisma's unique violation (P2002), and nothing
 * of the batch is kept: the caller runs it again, in a new transaction, where that row is found
 * and compared as usual. Meant for bulk loads (a backfill page), where most rows are new or
 * unchanged.
 *
 * @example
 * await prisma.$transaction((tx) => writeVersionedMany(tx.clerkUser, rows, bulkInsertOf(tx, "clerkUser")));
 */
export async function writeVersionedMany<W extends SyncedColumns<InputJson>>(
  delegate: BatchDelegate<W>,
  rows: readonly W[],
  insert?: BulkInsert,
): Promise<void> {
  if (rows.length === 0) return;
  const columnsOf = (row: W) => Object.keys(row).sort();
  const select = Object.fromEntries(rows.flatMap(columnsOf).map((column) => [column, true]));
  const ids = [...new Set(rows.map((row) => row.id))];
  const stored = await delegate.findMany({ where: { id: { in: ids } }, select });
  const latest = new Map<string, Row>(stored.map((row) => [row.id as string, row]));
  const fresh: W[] = [];
  const later: W[] = [];
  for (const row of rows) {
    const known = latest.get(row.id);
    if (known === undefined) {
      fresh.push(row);
      latest.set(row.id, row as unknown as Row);
    } else if (compareWrites(row as unknown as Row, known, columnsOf(row)) > 0) {
      // After its stored row, or after an earlier copy of it in this batch.
      later.push(row);
      latest.set(row.id, row as unknown as Row);
    }
  }
  if (fresh.length > 0 && !(await insert?.(fresh))) await delegate.createMany({ data: fresh });
  for (const row of later) await writeVersioned(delegate, row, "upsert");
}
