import { EVENT_GROUP_NAMES, type EventGroup } from "../catalog/index.js";

/**
 * The event groups Clerk's Backend API can list across an instance, in the order a backfill
 * takes them (the catalog's). `@clerk/backend` wraps each of these lists.
 */
export const LISTABLE_GROUPS = [
  "user",
  "organization",
  "organizationDomain",
  "organizationInvitation",
  "organizationMembership",
  "role",
  "permission",
  "invitation",
  "waitlistEntry",
] as const satisfies readonly EventGroup[];

export type ListableGroup = (typeof LISTABLE_GROUPS)[number];

/** Why each other group cannot be listed, so that only its webhooks can bring it in. */
export const NOT_LISTABLE: { readonly [G in Exclude<EventGroup, ListableGroup>]: string } = {
  session:
    "Clerk lists sessions per user or per client only, never across the instance: sessions arrive by webhook alone.",
  communication:
    "Clerk's Backend API has no list of the emails and SMS messages it sent: they arrive by webhook alone.",
  subscription:
    "Billing subscriptions can only be read one user or organization at a time (GET /users/{id}/billing/subscription), not listed.",
  subscriptionItem:
    "The Backend API's list of billing subscription items (GET /billing/subscription_items, beta) is not wrapped by @clerk/backend: subscription items arrive by webhook alone.",
  paymentAttempt:
    "The Backend API has no list of billing payment attempts: they arrive by webhook alone.",
};

export function isListableGroup(group: string): group is ListableGroup {
  return (LISTABLE_GROUPS as readonly string[]).includes(group);
}

/** Listable groups first in catalog order, as a backfill runs them. */
export function inBackfillOrder(groups: readonly ListableGroup[]): ListableGroup[] {
  const chosen = new Set<string>(groups);
  return EVENT_GROUP_NAMES.filter((g): g is ListableGroup => chosen.has(g) && isListableGroup(g));
}
