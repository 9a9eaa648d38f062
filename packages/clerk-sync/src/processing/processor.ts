import type { ClerkEventType } from "../catalog/index.js";
import type { EventOf } from "../catalog/payloads.js";
import { type HandlerSet, handlersFor } from "../dispatch/handlers.js";
import { describeError } from "../errors/index.js";
import type { LedgerClient, TransactionClient } from "../ledger/prisma-types.js";
import type { RawClient } from "../ledger/sql.js";
import { type Claim, type Ledger, LostClaimError } from "../ledger/store.js";
import { epochMs } from "../ledger/time.js";
import type { Logger } from "../logging.js";
import { type RetryPolicy, retryDelayMs } from "./backoff.js";

export type ProcessOutcome =
  | { status: "done" | "skipped"; attempts: number }
  | { status: "failed"; attempts: number; retryAt: Date; error: string }
  | { status: "dead"; attempts: number; error: string }
  /** Someone else owns it, it is not due yet, or it is finished. */
  | { status: "not-claimed" }
  /** There is no delivery with this id in the database. */
  | { status: "not-found" };

/** How far ahead of its retry time a delivery is waited for rather than left to the sweeper. */
const DUE_SOON_MS = 1_000;

export interface ProcessorOptions {
  db: LedgerClient;
  ledger: Ledger;
  handlers: HandlerSet<never>;
  retry: RetryPolicy;
  /** How long a worker owns a delivery before another may take it over. */
  leaseMs: number;
  /** Prisma interactive transaction limits. */
  transaction: { maxWait: number; timeout: number };
  logger: Logger;
}

/**
 * Runs one delivery: claim it, run its handlers and mark it done in one transaction, or record
 * the failure and when to try again.
 */
export class Processor {
  constructor(private readonly options: ProcessorOptions) {}

  async process(id: string): Promise<ProcessOutcome> {
    const claim = await this.claimWhenDue(id);
    if (claim === "missing") return { status: "not-found" };
    if (!claim) return { status: "not-claimed" };
    return this.run(claim);
  }

  /**
   * Claim the delivery; if it is due within a moment, wait for it. Timers fire a little early
   * now and then (Node's timer clock is coarser than `Date.now()`), and a retry refused for being
   * a millisecond early would otherwise wait for the next sweep.
   */
  private async claimWhenDue(id: string): Promise<Claim | null | "missing"> {
    const { ledger, leaseMs } = this.options;
    const claim = await ledger.claim(id, leaseMs);
    if (claim) return claim;
    const row = await ledger.get(id);
    if (!row) return "missing";
    const waiting = row?.status === "failed" || row?.status === "pending";
    const dueIn = row?.nextAttemptAt ? row.nextAttemptAt.getTime() - Date.now() : 0;
    if (!waiting || dueIn > DUE_SOON_MS) return null;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueIn) + 1));
    return ledger.claim(id, leaseMs);
  }

  /**
   * Run a delivery this worker has already claimed. If another worker took it over meanwhile
   * (the lease ran out), nothing this run did is kept and the outcome is `not-claimed`.
   */
  async run(claim: Claim): Promise<ProcessOutcome> {
    try {
      const status = await this.apply(claim);
      return { status, attempts: claim.row.attempts };
    } catch (error) {
      return this.recordFailure(claim, error);
    }
  }

  private async apply(claim: Claim): Promise<"done" | "skipped"> {
    const { db, ledger, transaction } = this.options;
    let status: "done" | "skipped" = "skipped";
    await db.$transaction(async (tx) => {
      // Write first: it confirms the claim before any handler runs, and it takes SQLite's write
      // lock while the busy timeout still applies. A handler that reads before it writes would
      // otherwise fail with SQLITE_BUSY_SNAPSHOT whenever another process committed in between.
      // On PostgreSQL it locks the ledger row, so no one takes the delivery over mid-transaction.
      const { count } = await tx.clerkWebhookEvent.updateMany({
        where: { id: claim.row.id, status: "processing", lockToken: claim.token },
        data: { lockedUntil: claim.row.lockedUntil },
      });
      if (count !== 1) throw new LostClaimError(claim.row.id);
      status = await this.runHandlers(tx, claim);
      await ledger.complete(tx, claim, status);
    }, transaction);
    return status;
  }

  /** Run a claimed delivery's handlers in `tx`; "skipped" when its type has none. */
  private async runHandlers(tx: TransactionClient, claim: Claim): Promise<"done" | "skipped"> {
    const event = withTimestamp(
      claim.row.payload as EventOf<ClerkEventType>,
      claim.row.svixTimestamp,
    );
    // A forced replay of a finished delivery runs the app's hooks again only when asked to.
    const chain = handlersFor(this.options.handlers, claim.row.type, {
      hooks: claim.row.replayHooks !== false,
    });
    for (const handler of chain) {
      await (handler as (ctx: unknown) => unknown)({
        data: event.data,
        event,
        eventId: claim.row.id,
        tx,
        attempt: claim.row.attempts,
      });
    }
    return chain.length > 0 ? "done" : "skipped";
  }

  /**
   * Process these deliveries as one batch (see `runBatch`): one claim statement for all of them,
   * one transaction. Those it could not claim (not due yet, someone else's, missing) go through
   * `process` one by one, which waits for one due within a moment and tells a missing one apart.
   * Outcomes in the order of `ids`.
   */
  async processMany(ids: readonly string[]): Promise<ProcessOutcome[]> {
    const unique = [...new Set(ids)];
    const claims = await this.options.ledger.claimMany({
      ids: unique,
      limit: unique.length,
      leaseMs: this.options.leaseMs,
    });
    if (!claims) return Promise.all(ids.map((id) => this.process(id)));
    const outcomes = new Map<string, ProcessOutcome>();
    const ran = await this.runBatch(claims);
    for (const [i, claim] of claims.entries()) {
      outcomes.set(claim.row.id, ran[i] as ProcessOutcome);
    }
    const rest = unique.filter((id) => !outcomes.has(id));
    const late = await Promise.all(rest.map((id) => this.process(id)));
    for (const [i, id] of rest.entries()) outcomes.set(id, late[i] as ProcessOutcome);
    return ids.map((id) => outcomes.get(id) as ProcessOutcome);
  }

  /**
   * Claim up to `limit` due deliveries, oldest first, and run them as one batch. Returns how many
   * were claimed (0: nothing is due). Workers loop on it.
   */
  async processDue(limit: number): Promise<number> {
    const { ledger, leaseMs } = this.options;
    const claims = await ledger.claimMany({ limit, leaseMs });
    if (!claims) {
      const ids = await ledger.due({ pendingGraceMs: 0, limit });
      const outcomes = await Promise.all(ids.map((id) => this.process(id)));
      return outcomes.filter((o) => o.status !== "not-claimed" && o.status !== "not-found").length;
    }
    await this.runBatch(claims);
    return claims.length;
  }

  /**
   * Run claimed deliveries in one transaction, in claim order, each inside a savepoint of its
   * own: a delivery whose handler throws rolls back to its savepoint, so only its own effects
   * are undone, and it is recorded as failed after the commit while the others are done. Each
   * delivery sees the ones before it (the version guard compares against their rows), exactly as
   * if they had run one after the other. If the batch as a whole cannot commit (a claim was lost,
   * the database failed), nothing of it is kept and each delivery runs again on its own.
   */
  async runBatch(claims: readonly Claim[]): Promise<ProcessOutcome[]> {
    if (claims.length === 0) return [];
    if (claims.length === 1) return [await this.run(claims[0] as Claim)];
    const { db, ledger, transaction } = this.options;
    let results: ({ status: "done" | "skipped" } | { error: unknown })[];
    try {
      results = await db.$transaction(async (tx) => {
        // Write first, as `apply` does, for every claim at once.
        if ((await ledger.confirm(tx, claims)) !== claims.length) {
          throw new LostClaimError(claims[0]?.row.id ?? "");
        }
        const raw = tx as unknown as RawClient;
        const outcomes: ({ status: "done" | "skipped" } | { error: unknown })[] = [];
        for (const [i, claim] of claims.entries()) {
          await raw.$executeRawUnsafe(`SAVEPOINT clerk_sync_${i}`);
          try {
            const status = await this.runHandlers(tx, claim);
            await raw.$executeRawUnsafe(`RELEASE SAVEPOINT clerk_sync_${i}`);
            outcomes.push({ status });
          } catch (error) {
            await raw.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT clerk_sync_${i}`);
            await raw.$executeRawUnsafe(`RELEASE SAVEPOINT clerk_sync_${i}`);
            outcomes.push({ error });
          }
        }
        for (const status of ["done", "skipped"] as const) {
          const finished = claims.filter((_, i) => {
            const outcome = outcomes[i];
            return outcome && "status" in outcome && outcome.status === status;
          });
          await ledger.completeMany(tx, finished, status);
        }
        return outcomes;
      }, transaction);
    } catch {
      const outcomes: ProcessOutcome[] = [];
      for (const claim of claims) outcomes.push(await this.run(claim));
      return outcomes;
    }
    const outcomes: ProcessOutcome[] = [];
    for (const [i, claim] of claims.entries()) {
      const result = results[i];
      if (result && "status" in result) {
        outcomes.push({ status: result.status, attempts: claim.row.attempts });
      } else {
        outcomes.push(await this.recordFailure(claim, result?.error));
      }
    }
    return outcomes;
  }

  private async recordFailure(claim: Claim, error: unknown): Promise<ProcessOutcome> {
    const { ledger, retry, logger } = this.options;
    const message = describeError(error);
    if (error instanceof LostClaimError) {
      logger.warn("clerk-sync: lost claim, another worker finished this delivery", {
        id: claim.row.id,
      });
      return { status: "not-claimed" };
    }
    const attempts = claim.row.attempts;
    const delayMs = attempts >= retry.maxAttempts ? null : retryDelayMs(attempts, retry);
    const retryAt = delayMs === null ? null : new Date(Date.now() + delayMs);
    const recorded = await ledger.fail(claim, message, retryAt);
    if (!recorded) return { status: "not-claimed" };
    logger.error(
      retryAt
        ? "clerk-sync: handler failed, will retry"
        : "clerk-sync: handler failed for the last time, delivery is dead",
      {
        id: claim.row.id,
        type: claim.row.type,
        attempt: attempts,
        error: message,
        ...(retryAt ? { retryAt: retryAt.toISOString(), delayMs } : {}),
      },
    );
    return retryAt
      ? { status: "failed", attempts, retryAt, error: message }
      : { status: "dead", attempts, error: message };
  }
}

/**
 * The event as handlers see it: `timestamp` in milliseconds, whether Clerk sent it in
 * milliseconds or in seconds, and the delivery's `svix-timestamp` where it sent none.
 */
function withTimestamp<E extends { timestamp?: unknown }>(event: E, svixTimestamp: Date): E {
  const timestamp = epochMs(event.timestamp) ?? svixTimestamp.getTime();
  return event.timestamp === timestamp ? event : { ...event, timestamp };
}
