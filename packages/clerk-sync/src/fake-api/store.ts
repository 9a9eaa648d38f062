import { isListableGroup, LISTABLE_GROUPS, type ListableGroup } from "../backfill/listable.js";
import { compareListed } from "../backfill/order.js";
import type { ClerkObject, ListOrder } from "../backfill/sources.js";
import { groupOfEvent, isCatalogedEventType } from "../catalog/index.js";
import { syncPlanOf } from "../prisma/handlers.js";
import type { FakeInstanceData } from "./seed.js";

/** The organization an object of an organization-scoped group belongs to. */
export function organizationIdOf(group: ListableGroup, object: ClerkObject): string | undefined {
  if (group === "organizationMembership") {
    return (object.organization as { id?: string } | undefined)?.id;
  }
  if (group === "organizationInvitation" || group === "organizationDomain") {
    return object.organization_id as string | undefined;
  }
  return undefined;
}

const ORGANIZATION_SCOPED: readonly ListableGroup[] = [
  "organizationMembership",
  "organizationInvitation",
  "organizationDomain",
];

/**
 * The fake instance's data: every object by group and id. Objects are never changed in place:
 * an update replaces the object (with a later `updated_at`), so a page already served keeps the
 * version it showed. Deleting an organization deletes its memberships, invitations and domains,
 * and deleting a user its memberships, as Clerk does.
 */
export class FakeClerkStore {
  private readonly byId = new Map<ListableGroup, Map<string, ClerkObject>>();
  private readonly sorted = new Map<ListableGroup, ClerkObject[]>();
  private readonly byOrganization = new Map<ListableGroup, Map<string, ClerkObject[]>>();
  private readonly serialized = new WeakMap<ClerkObject, string>();
  /** Ids deleted through `apply`: Clerk never brings an id back. */
  private readonly deleted = new Set<string>();
  /** Bumped by every change; lets callers tell whether anything changed. */
  revision = 0;

  constructor(data?: Partial<FakeInstanceData>) {
    this.load(data ?? {});
  }

  /** Replace everything with `data`. */
  load(data: Partial<FakeInstanceData>): void {
    this.deleted.clear();
    for (const group of LISTABLE_GROUPS) {
      this.byId.set(group, new Map((data[group] ?? []).map((o) => [o.id, o])));
      this.invalidate(group);
    }
    this.revision++;
  }

  /** Every object of a group, in `order`. */
  list(group: ListableGroup, order: ListOrder = "asc"): readonly ClerkObject[] {
    let ascending = this.sorted.get(group);
    if (!ascending) {
      ascending = [...this.map(group).values()].sort(compareListed);
      this.sorted.set(group, ascending);
    }
    return order === "asc" ? ascending : [...ascending].reverse();
  }

  /** The objects of an organization-scoped group that belong to one organization, ascending. */
  listOfOrganization(group: ListableGroup, organizationId: string): readonly ClerkObject[] {
    let index = this.byOrganization.get(group);
    if (!index) {
      index = new Map();
      for (const object of this.list(group)) {
        const org = organizationIdOf(group, object) ?? "";
        const list = index.get(org) ?? [];
        list.push(object);
        index.set(org, list);
      }
      this.byOrganization.set(group, index);
    }
    return index.get(organizationId) ?? [];
  }

  get(group: ListableGroup, id: string): ClerkObject | undefined {
    return this.map(group).get(id);
  }

  count(group: ListableGroup): number {
    return this.map(group).size;
  }

  /** Add an object (or replace the one with its id). */
  insert(group: ListableGroup, object: ClerkObject): ClerkObject {
    this.map(group).set(object.id, object);
    this.changed(group);
    return object;
  }

  /**
   * Change an object as Clerk would: the fields given, and `updated_at` moved to now (or one ms
   * past the previous version, whichever is later). Returns the new version.
   */
  update(
    group: ListableGroup,
    id: string,
    fields: Record<string, unknown> | ((current: ClerkObject) => Record<string, unknown>),
  ): ClerkObject {
    const current = this.get(group, id);
    if (!current) throw new Error(`fake Clerk API: no ${group} with id ${id}`);
    const patch = typeof fields === "function" ? fields(current) : fields;
    const updatedAt = Math.max(Date.now(), (current.updated_at ?? 0) + 1);
    const next = { ...current, ...patch, id, updated_at: updatedAt } as ClerkObject;
    return this.insert(group, next);
  }

  /** Delete an object, and what Clerk deletes with it. Returns whether it existed. */
  remove(group: ListableGroup, id: string): boolean {
    if (!this.map(group).delete(id)) return false;
    this.changed(group);
    if (group === "organization") {
      for (const scoped of ORGANIZATION_SCOPED) {
        for (const object of [...this.listOfOrganization(scoped, id)])
          this.remove(scoped, object.id);
      }
    }
    if (group === "user") {
      for (const membership of this.list("organizationMembership")) {
        const userId = (membership.public_user_data as { user_id?: string } | undefined)?.user_id;
        if (userId === id) this.remove("organizationMembership", membership.id);
      }
    }
    return true;
  }

  /**
   * Make the instance what Clerk's would be after the change a webhook event announces: the
   * event's object at its version (unless a newer one is here), or, for a delete, the object gone
   * for good. Events of groups Clerk cannot list are ignored. Returns whether anything changed.
   * Lets a test (or a demo) keep the API and its webhooks telling the same story, in any order.
   *
   * @example store.apply(fixture("user.updated", { data: { id } }));
   */
  apply(event: { type: string; data: unknown }): boolean {
    const group = isCatalogedEventType(event.type) ? groupOfEvent(event.type) : undefined;
    const data = event.data as ClerkObject | null;
    if (!group || !isListableGroup(group) || typeof data?.id !== "string") return false;
    if (syncPlanOf(event.type as Parameters<typeof syncPlanOf>[0]).kind === "delete") {
      this.deleted.add(data.id);
      return this.remove(group, data.id);
    }
    const current = this.get(group, data.id);
    if (this.deleted.has(data.id)) return false;
    if (current && (current.updated_at ?? 0) > (data.updated_at ?? 0)) return false;
    this.insert(group, data);
    return true;
  }

  /** An object's JSON, serialized once per version. */
  json(object: ClerkObject): string {
    let text = this.serialized.get(object);
    if (text === undefined) {
      text = JSON.stringify(object);
      this.serialized.set(object, text);
    }
    return text;
  }

  /** A copy of every object, by group (for comparing with a database). */
  snapshot(): FakeInstanceData {
    return Object.fromEntries(
      LISTABLE_GROUPS.map((group) => [group, [...this.list(group)]]),
    ) as unknown as FakeInstanceData;
  }

  private map(group: ListableGroup): Map<string, ClerkObject> {
    let map = this.byId.get(group);
    if (!map) {
      map = new Map();
      this.byId.set(group, map);
    }
    return map;
  }

  private changed(group: ListableGroup): void {
    this.invalidate(group);
    this.revision++;
  }

  private invalidate(group: ListableGroup): void {
    this.sorted.delete(group);
    this.byOrganization.delete(group);
  }
}
