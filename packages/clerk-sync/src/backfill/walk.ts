import type { ClerkApi } from "./api.js";
import { type PagerPosition, pages } from "./pager.js";
import { type ClerkObject, type Listing, ORGANIZATIONS } from "./sources.js";

/**
 * Where a walk through one listing is. For a per-organization listing: the position in the list
 * of organizations before the one in progress, that organization, and the position in its list.
 */
export interface ListingPosition {
  pager?: PagerPosition;
  organizations?: PagerPosition;
  organizationId?: string;
  inner?: PagerPosition;
  /** The listing is finished. */
  done?: boolean;
}

export interface WalkPage {
  objects: ClerkObject[];
  /** The listing's length, for flat listings; per-organization ones have none in advance. */
  totalCount?: number;
  /** Where the walk is once `objects` are taken: what a checkpoint saves. */
  position: ListingPosition;
}

/**
 * Every object of a listing, page by page, from `from` on. A per-organization listing walks the
 * organizations (oldest first) and each one's list; an organization finished yields an empty
 * page, so its completion can be saved too.
 *
 * @example
 * for await (const page of walk(api, SOURCES.user.listings[0], { limit: 500 })) save(page);
 */
export async function* walk(
  api: ClerkApi,
  listing: Listing,
  options: { limit?: number; from?: ListingPosition },
): AsyncGenerator<WalkPage> {
  const { limit, from = {} } = options;
  if (from.done) return;
  if (!listing.perOrganization) {
    const fetch = (offset: number, size: number) => listing.fetch(api, { offset, limit: size });
    for await (const page of pages(fetch, {
      order: listing.order,
      limit,
      ...(from.pager ? { from: from.pager } : {}),
    })) {
      yield { objects: page.objects, totalCount: page.totalCount, position: { pager: page.end } };
    }
    return;
  }
  let resume = from.organizationId ? { id: from.organizationId, inner: from.inner } : undefined;
  const fetchOrganizations = (offset: number, size: number) =>
    ORGANIZATIONS.fetch(api, { offset, limit: size });
  for await (const orgPage of pages(fetchOrganizations, {
    order: ORGANIZATIONS.order,
    limit,
    ...(from.organizations ? { from: from.organizations } : {}),
  })) {
    for (const [index, organization] of orgPage.objects.entries()) {
      const before = orgPage.after(index - 1);
      // Resuming inside this organization's list, unless it was deleted meanwhile.
      const innerFrom = resume?.id === organization.id ? resume.inner : undefined;
      resume = undefined;
      const fetch = (offset: number, size: number) =>
        listing.fetch(api, { offset, limit: size, organizationId: organization.id });
      for await (const page of pages(fetch, {
        order: listing.order,
        limit,
        ...(innerFrom ? { from: innerFrom } : {}),
      })) {
        if (page.objects.length === 0) continue;
        yield {
          objects: page.objects,
          position: { organizations: before, organizationId: organization.id, inner: page.end },
        };
      }
      yield { objects: [], position: { organizations: orgPage.after(index) } };
    }
  }
}
