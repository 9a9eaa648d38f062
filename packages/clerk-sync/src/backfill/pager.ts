import { compareKeys, keyOf, type ListKey } from "./order.js";
import type { ClerkObject, ListOrder, ListPage } from "./sources.js";

/**
 * Where a pager is in a list: the offset of the next object, and the last object it took. The
 * anchor is what makes offsets safe while the list changes: see `pages`.
 */
export interface PagerPosition {
  offset: number;
  anchor?: ListKey;
}

export interface Page {
  /** New objects, in list order; none is at or before the previous page's last. */
  objects: ClerkObject[];
  totalCount: number;
  /** The position before this page. */
  before: PagerPosition;
  /** The position after `objects[index]`: resuming there continues with the next object. */
  after(index: number): PagerPosition;
  /** The position after the whole page. */
  readonly end: PagerPosition;
}

export type FetchPage = (offset: number, limit: number) => Promise<ListPage>;

/**
 * Every object of an offset-paginated list, page by page, even while the list changes.
 *
 * Offsets shift under concurrent changes: a deletion before the current position moves every
 * later object one place back, so the next page would start one object too far and skip it; an
 * insertion before it moves them forward, so the next page would repeat one. Each request
 * therefore starts one place early, where the last object taken (the anchor) should be:
 *
 * - the anchor is there: nothing before it changed; the rest of the page is new;
 * - the object there comes after the anchor: objects before it were deleted, and the ones that
 *   moved back would be skipped. Step back until the page starts at or before the anchor;
 * - the object there comes before the anchor: objects were inserted before it. Drop everything
 *   up to the anchor (and fetch on if that was the whole page).
 *
 * Objects that exist for the whole run are listed exactly once; objects created or deleted
 * meanwhile may or may not be (the verifying pass and webhooks take care of those). The next
 * page is fetched while the caller works on the current one.
 *
 * @example
 * for await (const page of pages((offset, limit) => fetchUsers(offset, limit), { order: "asc" })) {
 *   await save(page.objects, page.end);
 * }
 */
export async function* pages(
  fetch: FetchPage,
  options: { order: ListOrder; limit?: number; from?: PagerPosition },
): AsyncGenerator<Page> {
  const limit = options.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 2 || limit > 500) {
    throw new RangeError(`page size must be from 2 to 500, got ${limit}`);
  }
  const sign = options.order === "asc" ? 1 : -1;
  /** Whether `key` comes after `anchor` in the list's order. */
  const isAfter = (key: ListKey, anchor: ListKey) => sign * compareKeys(key, anchor) > 0;

  let position: PagerPosition = options.from ?? { offset: 0 };
  let prefetched: { start: number; page: Promise<ListPage> } | undefined;
  const fetchAt = (start: number): Promise<ListPage> => {
    if (prefetched?.start === start) {
      const { page } = prefetched;
      prefetched = undefined;
      return page;
    }
    return fetch(start, limit);
  };

  for (;;) {
    const anchor = position.anchor;
    let start = anchor ? Math.max(0, position.offset - 1) : position.offset;
    let fetched = await fetchAt(start);
    let skip = 0;
    if (anchor) {
      // Step back while the page starts after the anchor (or past the end of a shrunken list).
      for (;;) {
        const first = fetched.objects[0];
        if (start === 0 || (first && !isAfter(keyOf(first), anchor))) break;
        start = Math.max(0, start - (limit - 1));
        fetched = await fetch(start, limit);
      }
      skip = fetched.objects.findIndex((o) => isAfter(keyOf(o), anchor));
      if (skip === -1) {
        // The whole page is at or before the anchor: objects were inserted before it.
        if (fetched.objects.length < limit) return;
        position = { offset: start + fetched.objects.length, anchor };
        continue;
      }
    }
    const objects = fetched.objects.slice(skip);
    const first = start + skip;
    const before = position;
    const after = (index: number): PagerPosition =>
      index < 0
        ? before
        : { offset: first + index + 1, anchor: keyOf(objects[index] as ClerkObject) };
    const end = after(objects.length - 1);
    const last = fetched.objects.length < limit;
    if (!last) {
      // Start the next request now; it is used if nothing makes the pager look elsewhere.
      const next = Math.max(0, end.offset - 1);
      prefetched = { start: next, page: fetch(next, limit) };
      prefetched.page.catch(() => {});
    }
    yield { objects, totalCount: fetched.totalCount, before, after, end };
    if (last) return;
    position = end;
  }
}
