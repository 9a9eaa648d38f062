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
  /** Part of a svix-id. */
  id?: string;
}

const LIST_FIELDS = {
  id: true,
  type: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  svixTimestamp: true,
  eventTimestamp: true,
  receivedAt: true,
  processedAt: true,
  payload: true,
} satisfies Prisma.ClerkWebhookEventSelect;

export type EventListRow = Prisma.ClerkWebhookEventGetPayload<{ select: typeof LIST_FIELDS }>;

/** The newest deliveries matching `filter`, and how many match in all. */
export async function listEvents(
  filter: EventFilter,
  take = 200,
): Promise<{ rows: EventListRow[]; total: number }> {
  const where: Prisma.ClerkWebhookEventWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.id ? { id: { contains: filter.id } } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.clerkWebhookEvent.findMany({
      where,
      select: LIST_FIELDS,
      orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
      take,
    }),
    prisma.clerkWebhookEvent.count({ where }),
  ]);
  return { rows, total };
}

/** Every event type the ledger has seen, alphabetically. */
export async function typesSeen(): Promise<string[]> {
  const rows = await prisma.clerkWebhookEvent.findMany({
    distinct: ["type"],
    select: { type: true },
    orderBy: { type: "asc" },
  });
  return rows.map((r) => r.type);
}

/** The Clerk id of the object an event is about (`data.id`), when it has one. */
export function subjectOf(payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null) return null;
  const data = (payload as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return null;
  const id = (data as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
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
