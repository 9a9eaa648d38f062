import { defineHandlers } from "@acme/clerk-sync";
import { failWhileDemoAsks } from "@/demo/failing-hook";
import type { Tx } from "@/lib/db";

/**
 * Your side effects for user events (user.created, user.updated, user.deleted). The kit has
 * already synced the event into ClerkUser; these run after it, in the same transaction, once per
 * event. `eventId` is the delivery's svix-id: pass it as the idempotency key to anything outside
 * the database.
 */
export const userHooks = defineHandlers<Tx>({
  // The demo's "failing handler that recovers" scenario (inactive outside demo mode).
  "user.created": ({ data, attempt }) => failWhileDemoAsks(data.public_metadata, attempt),
  "user.updated": ({ data, attempt }) => failWhileDemoAsks(data.public_metadata, attempt),
});
