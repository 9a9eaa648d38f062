import { ClerkSyncError } from "../errors/index.js";
import type { VerifiedDelivery } from "../ledger/types.js";

/**
 * One Clerk instance per database: refuse a verified delivery whose envelope names another
 * instance than the one expected (`CLERK_INSTANCE_ID`, or the `instanceId` option), before
 * anything is recorded. Events from a development instance posted to a production database (or
 * the reverse) would otherwise mix two sets of users silently. An envelope without an
 * `instance_id` cannot be told apart and is let through; with no expected instance, so is
 * everything (`clerk-sync doctor` reports a ledger holding more than one).
 */
export function assertInstance(delivery: VerifiedDelivery, expected: string | undefined): void {
  if (!expected) return;
  const actual = (delivery.event as { instance_id?: unknown }).instance_id;
  if (typeof actual !== "string" || actual === "" || actual === expected) return;
  throw new ClerkSyncError(
    "INSTANCE_MISMATCH",
    `This event comes from Clerk instance ${actual}, and this app's database belongs to ${expected}; it was not recorded or applied.`,
    {
      suggestion:
        "Point this instance's webhook endpoint at the app that uses its keys, or fix CLERK_INSTANCE_ID (Clerk Dashboard → the instance's settings; every event's instance_id names it). Svix retries the delivery meanwhile.",
    },
  );
}
