import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for permission events (permission.created, permission.updated,
 * permission.deleted). The kit has already synced the event into ClerkPermission; these run after
 * it, in the same transaction, once per event. `eventId` is the delivery's svix-id: pass it as the
 * idempotency key to anything outside the database.
 */
export const permissionHooks = defineHandlers<Tx>({
  // "permission.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
