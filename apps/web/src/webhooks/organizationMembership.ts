import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for organizationMembership events (organizationMembership.created,
 * organizationMembership.updated, organizationMembership.deleted). The kit has already synced the
 * event into ClerkOrganizationMembership; these run after it, in the same transaction, once per
 * event. `eventId` is the delivery's svix-id: pass it as the idempotency key to anything outside
 * the database.
 */
export const organizationMembershipHooks = defineHandlers<Tx>({
  // "organizationMembership.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
