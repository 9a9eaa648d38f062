import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for paymentAttempt events (paymentAttempt.created, paymentAttempt.updated).
 * The kit has already synced the event into ClerkPaymentAttempt; these run after it, in the same
 * transaction, once per event. `eventId` is the delivery's svix-id: pass it as the idempotency key
 * to anything outside the database.
 */
export const paymentAttemptHooks = defineHandlers<Tx>({
  // "paymentAttempt.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
