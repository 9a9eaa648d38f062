import type { AnyClerkEvent } from "../catalog/payloads.js";

/** Where a delivery is in its life. */
export const LEDGER_STATUSES = [
  "pending",
  "processing",
  "done",
  "failed",
  "dead",
  "skipped",
] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** One row of the event ledger: one Svix delivery, keyed by its `svix-id`. */
export interface LedgerRow {
  id: string;
  type: string;
  /**
   * The event as recorded: as Clerk sent it, but for text the database cannot store. `{}` once
   * retention removed it from a finished delivery (`payloadPrunedAt`).
   */
  payload: unknown;
  /** What was replaced in the payload to store it (NUL, lone surrogates); `null`: nothing. */
  payloadNote: string | null;
  svixTimestamp: Date;
  eventTimestamp: Date | null;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lockedUntil: Date | null;
  lockToken: string | null;
  lastError: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  /** The Clerk id of the object the event is about (`data.id`); `null` when it has none. */
  subjectId?: string | null;
  /** When retention removed the payload; `null` while the delivery still holds it. */
  payloadPrunedAt?: Date | null;
  updatedAt: Date;
  /** The Clerk instance the event came from (the envelope's `instance_id`), when it says. */
  instanceId: string | null;
  /**
   * Set while a forced replay of a finished delivery is under way: whether the app's own hooks
   * run again (`true`) or only the kit's sync (`false`). `null` for an ordinary delivery.
   */
  replayHooks: boolean | null;
}

/** A verified delivery, as the route hands it to the ledger. */
export interface VerifiedDelivery {
  svixId: string;
  svixTimestamp: Date;
  event: AnyClerkEvent;
}
