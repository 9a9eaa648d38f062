/**
 * Keyset paging for the dashboard's lists: every list is newest first on (a time column, id), and
 * a page starts just after the last row of the one before, so each page costs one index range
 * however deep it is, and rows arriving meanwhile neither repeat nor skip one.
 */

/** Where a page starts: just after the row with this time and id, in newest-first order. */
export interface Cursor {
  at: Date;
  id: string;
}

/** A cursor as a query parameter: `<ms since the epoch>.<id>`. */
export function encodeCursor(row: Cursor): string {
  return `${row.at.getTime()}.${row.id}`;
}

/** The cursor in a query parameter; undefined when absent or malformed. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  const match = value ? /^(\d{1,15})\.(.+)$/.exec(value) : null;
  if (!match?.[1] || !match[2]) return undefined;
  return { at: new Date(Number(match[1])), id: match[2] };
}

/**
 * The conditions for "older than `after`" on (`field`, id), to AND with a list's own filter. The
 * range bounds the index scan; the OR only settles ties at its edge. Rows whose `field` is null
 * match neither, so they are listed on the first page only.
 */
export function olderThan<F extends string>(field: F, after: Cursor) {
  return [
    { [field]: { lte: after.at } } as Record<F, { lte: Date }>,
    {
      OR: [{ [field]: { lt: after.at } } as Record<F, { lt: Date }>, { id: { lt: after.id } }],
    },
  ];
}

/** The newest-first order a keyset list reads, through an index on (…, `field`, id). */
export function newestFirst<F extends string>(field: F) {
  return [{ [field]: "desc" } as Record<F, "desc">, { id: "desc" as const }];
}

/**
 * The same for live rows (`deletedAt: null`), through the index on (deleted_at, `field`, id).
 * Ordering by deleted_at too changes nothing, as it is null throughout, but PostgreSQL needs it:
 * it does not take `IS NULL` for the equality that would let the index's order serve the rest,
 * and would read and sort the whole table instead.
 */
export function liveNewestFirst<F extends string>(field: F) {
  return [{ deletedAt: "desc" as const }, ...newestFirst(field)];
}

/**
 * Cut the `take + 1` rows a list read into its page and the cursor of the next one (when there
 * is a next one and the last row has a time to continue from).
 */
export function pageOf<R extends { id: string }>(
  rows: R[],
  take: number,
  timeOf: (row: R) => Date | null,
): { rows: R[]; next?: string } {
  const page = rows.slice(0, take);
  const last = page.at(-1);
  const at = last ? timeOf(last) : null;
  return rows.length > take && last && at
    ? { rows: page, next: encodeCursor({ at, id: last.id }) }
    : { rows: page };
}
