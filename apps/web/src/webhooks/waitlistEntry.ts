import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for waitlistEntry events (waitlistEntry.created, waitlistEntry.updated). The
 * kit has already synced the event into ClerkWaitlistEntry; these run after it, in the same
 * transaction, once per event. `eventId` is the delivery's svix-id: pass it as the idempotency key
 * to anything outside the database.
 */
export const waitlistEntryHooks = defineHandlers<Tx>({
  // "waitlistEntry.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
