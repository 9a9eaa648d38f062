import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for subscriptionItem events (subscriptionItem.created,
 * subscriptionItem.updated, subscriptionItem.active, subscriptionItem.canceled,
 * subscriptionItem.upcoming, subscriptionItem.ended, subscriptionItem.abandoned,
 * subscriptionItem.incomplete, subscriptionItem.pastDue, subscriptionItem.freeTrialEnding). The
 * kit has already synced the event into ClerkSubscriptionItem; these run after it, in the same
 * transaction, once per event. `eventId` is the delivery's svix-id: pass it as the idempotency key
 * to anything outside the database.
 */
export const subscriptionItemHooks = defineHandlers<Tx>({
  // "subscriptionItem.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
