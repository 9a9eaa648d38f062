import { LEDGER_STATUSES, type LedgerStatus } from "@acme/clerk-sync";
import type { Prisma } from "@/generated/prisma/client";
import { cappedCount, EXACT_UP_TO, estimateRows, indexOrder, type Tally } from "./counts";
import { prisma } from "./db";
import { type Cursor, newestFirst, olderThan, pageOf } from "./keyset";

/** Statuses that still have work ahead of them. */
const UNFINISHED: LedgerStatus[] = ["pending", "processing", "failed"];

export function isLedgerStatus(value: unknown): value is LedgerStatus {
  return typeof value === "string" && (LEDGER_STATUSES as readonly string[]).includes(value);
}

/** How many deliveries are in each status, and in all. */
export interface StatusCounts {
  /** Every status present; exact while small, which all but `done` stay in a healthy app. */
  byStatus: Record<LedgerStatus, Tally>;
  all: Tally;
}

/**
 * How many deliveries are in each status: one count per status, each reading at most
 * EXACT_UP_TO entries of the index on status, so the cost stays flat however big the ledger
 * grows. Past that a status is "more than" it, or on PostgreSQL about the table's estimated rows
 * less the other statuses' exact counts.
 */
export async function countByStatus(): Promise<StatusCounts> {
  const counted = await Promise.all(
    LEDGER_STATUSES.map((status) =>
      cappedCount((take) =>
        prisma.clerkWebhookEvent.count({
          where: { status },
          orderBy: indexOrder("status", "receivedAt", "id"),
          take,
        }),
      ),
    ),
  );
  const byStatus = Object.fromEntries(LEDGER_STATUSES.map((s, i) => [s, counted[i]])) as Record<
    LedgerStatus,
    Tally
  >;
  const exact = counted.reduce((sum, t) => sum + ("exact" in t ? t.exact : 0), 0);
  const large = LEDGER_STATUSES.filter((s) => !("exact" in byStatus[s]));
  if (large.length === 0) return { byStatus, all: { exact } };
  const estimate = await estimateRows("clerk_webhook_events");
  const rest = estimate === undefined ? 0 : estimate - exact;
  const only = large.length === 1 ? large[0] : undefined;
  if (only && rest > EXACT_UP_TO) byStatus[only] = { about: rest };
  const atLeast = exact + large.length * EXACT_UP_TO;
  return {
    byStatus,
    all: estimate !== undefined && estimate > atLeast ? { about: estimate } : { over: atLeast },
  };
}

export interface SyncLag {
  /** How long the oldest unfinished delivery has been waiting, in ms; 0 when caught up. */
  backlogAgeMs: number;
  /** Median time from receipt to processed over the most recent finished deliveries, in ms. */
  medianMs: number | null;
  /** The slowest of those, in ms. */
  maxMs: number | null;
  /** How many finished deliveries the figures above are over. */
  sample: number;
  /** When the last delivery arrived. */
  lastReceivedAt: Date | null;
}

/** Whether the database is keeping up with Clerk, at a glance. */
export async function syncLag(now = new Date(), sample = 100): Promise<SyncLag> {
  const [oldest, recent, last] = await Promise.all([
    // One look per status, each the first entry of its index on (status, received_at).
    Promise.all(
      UNFINISHED.map((status) =>
        prisma.clerkWebhookEvent.findFirst({
          where: { status },
          orderBy: { receivedAt: "asc" },
          select: { receivedAt: true },
        }),
      ),
    ).then((firsts) =>
      firsts
        .flatMap((row) => (row ? [row] : []))
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
        .at(0),
    ),
    // The newest entries of the index on processed_at; a status filter in SQL would have the
    // planner read the status index instead and sort every finished delivery.
    prisma.clerkWebhookEvent
      .findMany({
        where: { processedAt: { not: null } },
        orderBy: { processedAt: "desc" },
        select: { status: true, receivedAt: true, processedAt: true },
        take: sample,
      })
      .then((rows) => rows.filter((r) => r.status === "done" || r.status === "skipped")),
    prisma.clerkWebhookEvent.findFirst({
      orderBy: { receivedAt: "desc" },
      select: { receivedAt: true },
    }),
  ]);
  const lags = recent
    .map((r) => (r.processedAt ? r.processedAt.getTime() - r.receivedAt.getTime() : 0))
    .sort((a, b) => a - b);
  return {
    backlogAgeMs: oldest ? Math.max(0, now.getTime() - oldest.receivedAt.getTime()) : 0,
    medianMs: lags.length > 0 ? (lags[Math.floor((lags.length - 1) / 2)] ?? null) : null,
    maxMs: lags.at(-1) ?? null,
    sample: lags.length,
    lastReceivedAt: last?.receivedAt ?? null,
  };
}

export interface EventFilter {
  status?: LedgerStatus;
  type?: string;
  /** A svix-id, or its beginning. */
  id?: string;
}

// Only what the list shows: never the payload (its subject has a column of its own).
const LIST_FIELDS = {
  id: true,
  type: true,
  subjectId: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  receivedAt: true,
  processedAt: true,
} satisfies Prisma.ClerkWebhookEventSelect;

export type EventListRow = Prisma.ClerkWebhookEventGetPayload<{ select: typeof LIST_FIELDS }>;

function whereOf(filter: EventFilter): Prisma.ClerkWebhookEventWhereInput {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    // A range on the primary key rather than LIKE: it reads the index on both providers.
    ...(filter.id ? { id: { gte: filter.id, lt: `${filter.id}\uffff` } } : {}),
  };
}

/**
 * One page of the deliveries matching `filter`, newest first (by id when searching by id), read
 * by keyset on (received_at, id) from `after`: each page costs the same however deep, and rows arriving
 * meanwhile neither repeat nor skip one. `next` is the cursor of the following page, if any.
 */
export async function listEvents(
  filter: EventFilter,
  { take = 50, after }: { take?: number; after?: Cursor } = {},
): Promise<{ rows: EventListRow[]; next?: string }> {
  const where = whereOf(filter);
  // A search by svix-id reads the primary key's range in id order: a prefix that matches the
  // whole ledger ("msg_") then costs what one matching a single delivery does.
  const byId = Boolean(filter.id);
  const rows = await prisma.clerkWebhookEvent.findMany({
    where: after
      ? {
          AND: [where, ...(byId ? [{ id: { lt: after.id } }] : olderThan("receivedAt", after))],
        }
      : where,
    select: LIST_FIELDS,
    orderBy: byId ? { id: "desc" } : newestFirst("receivedAt"),
    take: take + 1,
  });
  return pageOf(rows, take, (row) => row.receivedAt);
}

/**
 * How many deliveries match `filter`: the unfiltered and status-only totals come from
 * `countByStatus`, which the page reads anyway; the others count at most EXACT_UP_TO entries of
 * an index (on type, or the svix-ids' range).
 */
export async function countEvents(filter: EventFilter, counts: StatusCounts): Promise<Tally> {
  if (!filter.type && !filter.id)
    return filter.status ? counts.byStatus[filter.status] : counts.all;
  // In the order of the index the filter reads: the type's, else the svix-ids' (the primary key).
  const orderBy = filter.type ? indexOrder("type", "receivedAt", "id") : indexOrder("id");
  return cappedCount((take) =>
    prisma.clerkWebhookEvent.count({ where: whereOf(filter), orderBy, take }),
  );
}

export function getEvent(id: string) {
  return prisma.clerkWebhookEvent.findUnique({ where: { id } });
}

/** Whether a delivery in `status` can be replayed from the dashboard. */
export function isReplayable(status: string): boolean {
  return status === "failed" || status === "dead";
}

/** A finished delivery: a redelivery changes nothing, a forced replay re-runs it on purpose. */
export function isForceReplayable(status: string): boolean {
  return status === "done" || status === "skipped";
}
