/** Where an object sits in a Clerk list: by creation time, ties by id. */
export interface ListKey {
  createdAt: number;
  id: string;
}

/** An object as a list returns it: an id and, for ordering, its creation time. */
export interface Listed {
  id: string;
  created_at?: number;
}

export function keyOf(object: Listed): ListKey {
  return { createdAt: object.created_at ?? 0, id: object.id };
}

/**
 * The order of Clerk's lists sorted by `created_at` (ties by id), ascending. Both the fake API
 * and the pager use it, so the pager can tell whether an object comes before or after another.
 */
export function compareKeys(a: ListKey, b: ListKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function compareListed(a: Listed, b: Listed): number {
  return compareKeys(keyOf(a), keyOf(b));
}
