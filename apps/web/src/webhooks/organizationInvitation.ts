import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for organizationInvitation events (organizationInvitation.created,
 * organizationInvitation.accepted, organizationInvitation.revoked). The kit has already synced the
 * event into ClerkOrganizationInvitation; these run after it, in the same transaction, once per
 * event. `eventId` is the delivery's svix-id: pass it as the idempotency key to anything outside
 * the database.
 */
export const organizationInvitationHooks = defineHandlers<Tx>({
  // "organizationInvitation.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
