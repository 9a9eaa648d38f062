import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for organization events (organization.created, organization.updated,
 * organization.deleted). The kit has already synced the event into ClerkOrganization; these run
 * after it, in the same transaction, once per event. `eventId` is the delivery's svix-id: pass it
 * as the idempotency key to anything outside the database.
 */
export const organizationHooks = defineHandlers<Tx>({
  // "organization.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
