import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for user events (user.created, user.updated, user.deleted). The kit has
 * already synced the event into ClerkUser; these run after it, in the same transaction, once per
 * event. `eventId` is the delivery's svix-id: pass it as the idempotency key to anything outside
 * the database.
 */
export const userHooks = defineHandlers<Tx>({
  // "user.created": async ({ data, tx, eventId }) => {
  //   await sendWelcomeEmail(data.email_addresses[0]?.email_address, { idempotencyKey: eventId });
  // },
});
