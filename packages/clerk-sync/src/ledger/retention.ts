import { ClerkSyncError } from "../errors/index.js";
import { FINISHED_STATUSES, type Ledger } from "./store.js";

const DAY_MS = 24 * 60 * 60 * 1_000;

/**
 * How long finished deliveries stay in the ledger. Failed and dead deliveries are never pruned:
 * they are the ones someone still has to look at or replay.
 */
export interface RetentionPolicy {
  /** Days a finished (done or skipped) delivery keeps its payload. Default 30. */
  payloadDays: number;
  /**
   * Days a finished delivery's row (its svix-id and received time) is kept, so that a redelivery
   * is still recognised as a duplicate. Default 90; at least 2, as Svix retries for about 28 hours.
   */
  idDays: number;
  /**
   * Rows per batch. Each batch is one short transaction of its own, so an acknowledgement waits
   * for at most one batch. Default 1,000.
   */
  batchSize: number;
  /** How often the sweeper prunes, in minutes; 0: never (run `clerk-sync prune`). Default 60. */
  intervalMinutes: number;
}

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  payloadDays: 30,
  idDays: 90,
  batchSize: 1_000,
  intervalMinutes: 60,
};

/** Svix's retry horizon (≈ 27.6 h), rounded up: no window for ids may be shorter. */
export const MIN_ID_DAYS = 2;

/** What one prune removed. */
export interface PruneResult {
  /** Finished deliveries whose payload was removed (their row and svix-id stay). */
  payloadsRemoved: number;
  /** Finished deliveries deleted, svix-id and all. */
  rowsDeleted: number;
  /** The cut-offs used: deliveries received before them were pruned. */
  payloadsBefore: Date;
  idsBefore: Date;
}

/**
 * The policy with defaults filled in, checked: whole days, ids kept at least `MIN_ID_DAYS` and
 * at least as long as payloads.
 *
 * @example resolveRetentionPolicy({ payloadDays: 7 }) // { payloadDays: 7, idDays: 90, … }
 */
export function resolveRetentionPolicy(partial: Partial<RetentionPolicy> = {}): RetentionPolicy {
  const policy = { ...DEFAULT_RETENTION_POLICY, ...partial };
  const whole = (name: keyof RetentionPolicy, min: number) => {
    const value = policy[name];
    if (!Number.isSafeInteger(value) || value < min) {
      throw new ClerkSyncError(
        "INVALID_OPTIONS",
        `retention.${name} must be a whole number of at least ${min}; it is ${String(value)}.`,
        { suggestion: `Fix retention.${name} (or its environment variable), or leave it unset.` },
      );
    }
  };
  whole("payloadDays", 1);
  whole("idDays", MIN_ID_DAYS);
  whole("batchSize", 1);
  whole("intervalMinutes", 0);
  if (policy.idDays < policy.payloadDays) {
    throw new ClerkSyncError(
      "INVALID_OPTIONS",
      `retention.idDays (${policy.idDays}) is shorter than retention.payloadDays (${policy.payloadDays}).`,
      { suggestion: "Keep ids at least as long as payloads: a row is deleted with its id." },
    );
  }
  return policy;
}

/**
 * Prune the ledger by `policy`, in batches: first delete finished deliveries older than the id
 * window, then remove the payload of finished deliveries older than the payload window. Between
 * batches the event loop gets a turn, so acknowledgements interleave with a long prune.
 *
 * @example await pruneLedger(clerkSync.ledger, resolveRetentionPolicy({ payloadDays: 7 }))
 */
export async function pruneLedger(
  ledger: Ledger,
  policy: RetentionPolicy,
  now = new Date(),
  /** Stops between batches (a process shutting down); what was pruned stays pruned. */
  signal?: AbortSignal,
): Promise<PruneResult> {
  const idsBefore = new Date(now.getTime() - policy.idDays * DAY_MS);
  const payloadsBefore = new Date(now.getTime() - policy.payloadDays * DAY_MS);
  const run = async (pass: "row" | "payload", before: Date) => {
    let total = 0;
    for (const status of FINISHED_STATUSES) {
      let from: Date | undefined;
      for (;;) {
        const batch = await ledger.pruneBatch(pass, {
          status,
          before,
          limit: policy.batchSize,
          now,
          ...(from ? { from } : {}),
        });
        total += batch.pruned;
        if (signal?.aborted) return total;
        // Fewer than a batch left, or nothing it selected could be pruned (all raced away).
        if (!batch.next || batch.pruned === 0) break;
        from = batch.next;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return total;
  };
  const rowsDeleted = await run("row", idsBefore);
  const payloadsRemoved = signal?.aborted ? 0 : await run("payload", payloadsBefore);
  return { payloadsRemoved, rowsDeleted, payloadsBefore, idsBefore };
}
