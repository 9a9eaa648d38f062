import { prisma } from "./db";
import { env } from "./env";

/** Counting stops here: up to this many rows a count is exact and cheap on either provider. */
export const EXACT_UP_TO = 10_000;

/**
 * The order of an index, for a capped count's `orderBy`: Prisma reads a count with `take`
 * through a subquery it orders by id unless told otherwise, and on SQLite that order walks the
 * primary key and reads every row for the filter. In the order of an index that starts with the
 * filtered columns, the count reads that index alone.
 */
export function indexOrder<F extends string>(...fields: F[]) {
  return fields.map((field) => ({ [field]: "asc" }) as { [K in F]?: "asc" });
}

/** Live rows (not deleted), counted through the index on (deleted_at, created_at, id). */
export const LIVE = { deletedAt: null };
export const LIVE_ORDER = indexOrder("deletedAt", "createdAt", "id");

/**
 * How many rows a list holds: exact up to EXACT_UP_TO, else an estimate, labelled as one.
 * `about` comes from PostgreSQL's planner statistics (the table's rows, tombstones included);
 * SQLite keeps none, so there it is only `over`.
 */
export type Tally = { exact: number } | { about: number } | { over: number };

/**
 * Count what `count` counts (it is given the cap, to pass on as `take`), exactly while that is
 * cheap; past the cap, PostgreSQL's estimate for the whole of `table` (so only for counts of
 * nearly all of it, such as its live rows), else "more than the cap".
 */
export async function tally(
  table: string,
  count: (take: number) => Promise<number>,
): Promise<Tally> {
  const counted = await cappedCount(count);
  if ("exact" in counted) return counted;
  const about = await estimateRows(table);
  return about !== undefined && about > EXACT_UP_TO ? { about } : counted;
}

/** Exact up to EXACT_UP_TO, else "more than" that: never reads more than the cap's rows. */
export async function cappedCount(count: (take: number) => Promise<number>): Promise<Tally> {
  const n = await count(EXACT_UP_TO + 1);
  return n <= EXACT_UP_TO ? { exact: n } : { over: EXACT_UP_TO };
}

/**
 * PostgreSQL's estimate of a table's rows (`reltuples`, kept by ANALYZE and autovacuum);
 * undefined on SQLite, which keeps no such figure, or before the table was first analyzed.
 */
export async function estimateRows(table: string): Promise<number | undefined> {
  if (!env.postgres) return undefined;
  const rows = await prisma.$queryRawUnsafe<{ n: number | bigint | null }[]>(
    "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass($1)",
    table,
  );
  const n = Number(rows[0]?.n ?? -1);
  return n >= 0 ? n : undefined;
}

/** "1,234", "about 1.2M", "more than 100,000". */
export function formatTally(t: Tally): string {
  if ("exact" in t) return String(t.exact);
  if ("about" in t) return `about ${compact(t.about)}`;
  return `more than ${t.over.toLocaleString("en-US")}`;
}

function compact(n: number): string {
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(
    n,
  );
}

/** Two tallies added up: exact only when both are. */
export function sumTallies(a: Tally, b: Tally): Tally {
  const value = (t: Tally) => ("exact" in t ? t.exact : "about" in t ? t.about : t.over);
  const sum = value(a) + value(b);
  if ("exact" in a && "exact" in b) return { exact: sum };
  return "over" in a || "over" in b ? { over: sum } : { about: sum };
}

/** Whether a tally is an exact figure of 1 (for "row" against "rows"). */
export function isOne(t: Tally): boolean {
  return "exact" in t && t.exact === 1;
}

/**
 * A list's summary under its rows: "Showing 200 of about 1.2M organizations, older page." with a
 * total, "Showing 3 organizations matching the search." without one.
 */
export function shownText(options: {
  shown: number;
  total?: Tally;
  noun: string;
  plural?: string;
  search?: boolean;
  older?: boolean;
}): string {
  const { shown, total, noun, plural = `${noun}s`, search = false, older = false } = options;
  const tail = `${search ? " matching the search" : ""}${older ? ", older page" : ""}.`;
  return total === undefined
    ? `Showing ${shown} ${shown === 1 ? noun : plural}${tail}`
    : `Showing ${shown} of ${formatTally(total)} ${isOne(total) ? noun : plural}${tail}`;
}
