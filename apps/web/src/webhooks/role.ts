import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for role events (role.created, role.updated, role.deleted). The kit has
 * already synced the event into ClerkRole; these run after it, in the same transaction, once per
 * event. `eventId` is the delivery's svix-id: pass it as the idempotency key to anything outside
 * the database.
 */
export const roleHooks = defineHandlers<Tx>({
  // "role.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
