import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for subscription events (subscription.created, subscription.updated,
 * subscription.active, subscription.pastDue). The kit has already synced the event into
 * ClerkSubscription; these run after it, in the same transaction, once per event. `eventId` is the
 * delivery's svix-id: pass it as the idempotency key to anything outside the database.
 */
export const subscriptionHooks = defineHandlers<Tx>({
  // "subscription.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
