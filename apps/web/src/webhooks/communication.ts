import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for communication events (email.created, sms.created). The kit has already
 * synced the event into ClerkEmail and ClerkSmsMessage; these run after it, in the same
 * transaction, once per event. `eventId` is the delivery's svix-id: pass it as the idempotency key
 * to anything outside the database.
 */
export const communicationHooks = defineHandlers<Tx>({
  // "email.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
