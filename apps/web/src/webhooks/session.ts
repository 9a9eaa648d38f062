import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for session events (session.created, session.updated, session.ended,
 * session.removed, session.revoked, session.pending). The kit has already synced the event into
 * ClerkSession; these run after it, in the same transaction, once per event. `eventId` is the
 * delivery's svix-id: pass it as the idempotency key to anything outside the database.
 */
export const sessionHooks = defineHandlers<Tx>({
  // "session.created": async ({ data, tx, eventId }) => {
  //   await yourSideEffect(data, { idempotencyKey: eventId });
  // },
});
