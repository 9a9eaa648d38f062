/** What a page receives as `searchParams`. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The first value of a query parameter, trimmed; undefined when absent or blank. */
export function param(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.trim() || undefined;
}

/** `?deleted=1`: include tombstones (rows Clerk deleted) in a list. */
export function showsDeleted(params: Record<string, string | string[] | undefined>): boolean {
  return param(params.deleted) === "1";
}
