import { LEDGER_STATUSES, type LedgerStatus } from "@acme/clerk-sync";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "./db";

/** Statuses that still have work ahead of them. */
const UNFINISHED: LedgerStatus[] = ["pending", "processing", "failed"];

export function isLedgerStatus(value: unknown): value is LedgerStatus {
  return typeof value === "string" && (LEDGER_STATUSES as readonly string[]).includes(value);
}

/** How many deliveries are in each status (every status present, zero when none). */
export async function countByStatus(): Promise<Record<LedgerStatus, number>> {
  const rows = await prisma.clerkWebhookEvent.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, 0])) as Record<
    LedgerStatus,
    number
  >;
  for (const row of rows) if (isLedgerStatus(row.status)) counts[row.status] = row._count._all;
  return counts;
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
    prisma.clerkWebhookEvent.findFirst({
      where: { status: { in: UNFINISHED } },
      orderBy: { receivedAt: "asc" },
      select: { receivedAt: true },
    }),
    prisma.clerkWebhookEvent.findMany({
      where: { status: { in: ["done", "skipped"] }, processedAt: { not: null } },
      orderBy: { processedAt: "desc" },
      select: { receivedAt: true, processedAt: true },
      take: sample,
    }),
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

/** Where a page of the event log starts: just after this delivery, in newest-first order. */
export interface EventCursor {
  receivedAt: Date;
  id: string;
}

/** A cursor as a query parameter: `<received ms>.<svix-id>`. */
export function encodeCursor(row: EventCursor): string {
  return `${row.receivedAt.getTime()}.${row.id}`;
}

/** The cursor in a query parameter; undefined when absent or malformed. */
export function decodeCursor(value: string | undefined): EventCursor | undefined {
  const match = value ? /^(\d{1,15})\.(.+)$/.exec(value) : null;
  if (!match?.[1] || !match[2]) return undefined;
  return { receivedAt: new Date(Number(match[1])), id: match[2] };
}

function whereOf(filter: EventFilter): Prisma.ClerkWebhookEventWhereInput {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    // A range on the primary key rather than LIKE: it reads the index on both providers.
    ...(filter.id ? { id: { gte: filter.id, lt: `${filter.id}\uffff` } } : {}),
  };
}

/**
 * One page of the deliveries matching `filter`, newest first, read by keyset on
 * (received_at, id) from `after`: each page costs the same however deep, and rows arriving
 * meanwhile neither repeat nor skip one. `next` is the cursor of the following page, if any.
 */
export async function listEvents(
  filter: EventFilter,
  { take = 50, after }: { take?: number; after?: EventCursor } = {},
): Promise<{ rows: EventListRow[]; next?: EventCursor }> {
  const where = whereOf(filter);
  const rows = await prisma.clerkWebhookEvent.findMany({
    where: after
      ? {
          AND: [
            where,
            // The range bounds the index scan; the OR only settles ties at its edge.
            { receivedAt: { lte: after.receivedAt } },
            { OR: [{ receivedAt: { lt: after.receivedAt } }, { id: { lt: after.id } }] },
          ],
        }
      : where,
    select: LIST_FIELDS,
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  const last = page.at(-1);
  return rows.length > take && last ? { rows: page, next: last } : { rows: page };
}

/**
 * How many deliveries match `filter`, exactly: every filter the log offers reads an index
 * (status, type, or a range of svix-ids), and the unfiltered and status-only totals come from
 * `countByStatus`, which the page reads anyway.
 */
export async function countEvents(
  filter: EventFilter,
  counts: Record<LedgerStatus, number>,
): Promise<number> {
  if (!filter.type && !filter.id) {
    return filter.status ? counts[filter.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  }
  return prisma.clerkWebhookEvent.count({ where: whereOf(filter) });
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
