import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for invitation events (invitation.created, invitation.accepted,
 * invitation.revoked). The kit has already synced the event into ClerkInvitation; these run after
 * it, in the same transaction, once per event. `eventId` is the delivery's svix-id: pass it as the
 * idempotency key to anything outside the database.
 */
export const invitationHooks = defineHandlers<Tx>({
  // "invitation.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
