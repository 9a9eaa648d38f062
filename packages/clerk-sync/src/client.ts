import { type HandlerSet, handlersFor } from "./dispatch/handlers.js";
import { instanceIdFromEnv, retentionFromEnv, retryFromEnv, signingSecretFromEnv } from "./env.js";
import { ClerkSyncError, describeError } from "./errors/index.js";
import { assertInstance } from "./ingest/instance.js";
import { acceptedResponse, errorResponse } from "./ingest/respond.js";
import { assertSigningSecret } from "./ingest/secret.js";
import { type VerifyWebhook, verifyDelivery } from "./ingest/verify.js";
import type { LedgerClient, PrismaClientLike, TransactionClient } from "./ledger/prisma-types.js";
import {
  type PruneResult,
  pruneLedger,
  type RetentionPolicy,
  resolveRetentionPolicy,
} from "./ledger/retention.js";
import { Ledger } from "./ledger/store.js";
import type { LedgerRow } from "./ledger/types.js";
import { consoleLogger, type Logger } from "./logging.js";
import { type RetryPolicy, resolveRetryPolicy } from "./processing/backoff.js";
import { Coalescer } from "./processing/coalesce.js";
import { type ProcessOutcome, Processor } from "./processing/processor.js";
import { Sweeper, type SweeperOptions } from "./processing/sweeper.js";
import { inlineQueue } from "./queue/inline.js";
import type { Defer, SyncQueue } from "./queue/types.js";

export interface ClerkSyncOptions<Tx = TransactionClient> {
  /** Your Prisma client, generated from a schema that includes the kit's models. */
  prisma: PrismaClientLike;
  /** The handlers to run per event type: usually the kit's sync, then your hooks. */
  handlers?: HandlerSet<Tx>;
  /** Where processing runs. Default: `inlineQueue()`, in the web process after the response. */
  queue?: SyncQueue;
  /** Default: `CLERK_WEBHOOK_SIGNING_SECRET`, read on every request. */
  signingSecret?: string;
  /** Bodies larger than this are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Default: 8 attempts, 1 s doubling up to 1 h, with jitter; each setting falls back to
   * `CLERK_SYNC_MAX_ATTEMPTS`, `CLERK_SYNC_RETRY_BASE_DELAY_MS`, `CLERK_SYNC_RETRY_MAX_DELAY_MS`.
   */
  retry?: Partial<RetryPolicy>;
  /** How long one attempt may own a delivery before it counts as crashed. Default 5 minutes. */
  leaseMs?: number;
  /** Limits of the transaction each delivery is applied in. */
  transaction?: { maxWait?: number; timeout?: number };
  /** Picks up due retries and deliveries a crash left behind. `false` to run it yourself. */
  sweeper?: Partial<SweeperOptions> | false;
  /**
   * How long finished deliveries stay in the ledger; the sweeper prunes by it every
   * `intervalMinutes`. Default: payloads 30 days, svix-ids 90 days, hourly, in batches of 1,000;
   * each setting falls back to `CLERK_SYNC_RETAIN_PAYLOAD_DAYS`, `CLERK_SYNC_RETAIN_ID_DAYS`,
   * `CLERK_SYNC_PRUNE_INTERVAL_MINUTES`, `CLERK_SYNC_PRUNE_BATCH_SIZE`. Failed and dead
   * deliveries are never pruned.
   */
  retention?: Partial<RetentionPolicy>;
  logger?: Logger;
  /** Clerk's verifier. Default: `verifyWebhook` from `@clerk/backend/webhooks`. */
  verify?: VerifyWebhook;
  /**
   * The Clerk instance (`ins_…`) this database belongs to: a delivery from any other is answered
   * 409 `INSTANCE_MISMATCH` and not recorded. Default: `CLERK_INSTANCE_ID`; unset, any instance.
   */
  instanceId?: string;
}

export interface ReplayOptions extends HandleRequestOptions {
  /**
   * Re-run a finished (done or skipped) delivery too, on purpose: it goes through the version
   * guard again, so rows newer than the event keep their data. Default false.
   */
  force?: boolean;
  /** With `force`: run the app's own hooks again as well as the kit's sync. Default false. */
  hooks?: boolean;
}

export interface HandleRequestOptions {
  /** How to run work after the response; the Next.js route passes `after`. */
  defer?: Defer;
  /** Overrides the `verify` given to `createClerkSync` for this request. */
  verify?: VerifyWebhook;
}

/** The kit, configured: receive, record, process, retry, replay. */
export interface ClerkSync {
  /** Answer one webhook request: verify, record, schedule, 200. */
  handleRequest(request: Request, options?: HandleRequestOptions): Promise<Response>;
  /** Process one delivery now (queues and tests call this). */
  process(id: string): Promise<ProcessOutcome>;
  /**
   * Claim up to `limit` (default 100) due deliveries in one statement and apply them in one
   * transaction, a savepoint each; returns how many were claimed, 0 when nothing is due. A worker
   * that drains a backlog loops on it.
   */
  processDue(options?: { limit?: number }): Promise<number>;
  /** Re-run a failed or dead delivery; with `force`, a finished one (see `ReplayOptions`). */
  replay(id: string, options?: ReplayOptions): Promise<LedgerRow>;
  /** Schedule every delivery that is due or was left behind; returns how many. */
  sweep(): Promise<number>;
  /**
   * Prune finished deliveries by the retention policy (`options` override it for this run), in
   * short batches: rows past the id window are deleted, payloads past the payload window emptied.
   */
  prune(options?: Partial<RetentionPolicy> & { now?: Date }): Promise<PruneResult>;
  /** The retention policy in force (options, then environment, then defaults). */
  readonly retention: RetentionPolicy;
  /**
   * Start the sweeper (idempotent): one sweep at once, then one every interval. Call it when the
   * process starts (Next.js `instrumentation.ts` `register()`, a worker's boot), so that work a
   * crash left behind is picked up with no request needed.
   */
  startSweeper(): void;
  readonly ledger: Ledger;
  readonly queue: SyncQueue;
  /** The Prisma client the kit was given (for `clerk-sync backfill`, `reconcile`, `doctor`). */
  readonly prisma: PrismaClientLike;
  /** Whether any handler is registered for an event type (unhandled types are skipped). */
  handles(type: string): boolean;
  /** Stop the sweeper, wait for in-flight work, close the queue. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Configure the kit.
 *
 * @example
 * import { createClerkSync } from "@acme/clerk-sync";
 * import { syncHandlers } from "@acme/clerk-sync/prisma";
 * export const clerkSync = createClerkSync({ prisma, handlers: [syncHandlers(["user"]), userHooks] });
 */
export function createClerkSync<Tx = TransactionClient>(options: ClerkSyncOptions<Tx>): ClerkSync {
  const db = asLedgerClient(options.prisma);
  const logger = options.logger ?? consoleLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw invalidOption("maxBodyBytes must be a positive integer number of bytes");
  }
  const ledger = new Ledger(db);
  const processor = new Processor({
    db,
    ledger,
    handlers: (options.handlers ?? {}) as HandlerSet<never>,
    retry: resolveRetryPolicy({ ...retryFromEnv(), ...options.retry }),
    leaseMs: options.leaseMs ?? 5 * 60_000,
    transaction: {
      maxWait: options.transaction?.maxWait ?? 30_000,
      timeout: options.transaction?.timeout ?? 60_000,
    },
    logger,
  });
  const retention = resolveRetentionPolicy({ ...retentionFromEnv(), ...options.retention });
  const queue = options.queue ?? inlineQueue();
  // What a queue hands over one delivery at a time is claimed and applied in batches (see
  // Coalescer). In the web process (inline) batches stay small, so that an acknowledgement
  // never waits behind a long one for SQLite's single writer.
  const batches = new Coalescer((ids) => processor.processMany(ids), {
    parallel: isPooled(db) ? 2 : 1,
    maxBatch: queue.kind === "inline" ? 8 : 50,
  });
  queue.bind({
    process: async (id) => {
      try {
        return await batches.process(id);
      } catch (error) {
        logger.error("clerk-sync: could not process delivery", { id, error: describeError(error) });
        throw error;
      }
    },
    databaseFingerprint: () => ledger.databaseFingerprint(),
  });
  const sweeper =
    options.sweeper === false
      ? undefined
      : new Sweeper({ ledger, queue, logger, retention, ...options.sweeper });

  const handlers = (options.handlers ?? {}) as HandlerSet<never>;
  return {
    ledger,
    queue,
    retention,
    prisma: options.prisma,
    handles: (type) => handlersFor(handlers, type).length > 0,
    async handleRequest(request, { defer, verify = options.verify } = {}) {
      sweeper?.start();
      try {
        if (request.method !== "POST") {
          throw new ClerkSyncError("METHOD_NOT_ALLOWED", `${request.method} is not allowed here.`, {
            suggestion: "Clerk delivers webhooks with POST.",
          });
        }
        const signingSecret = assertSigningSecret(options.signingSecret ?? signingSecretFromEnv());
        const delivery = await verifyDelivery(request, {
          signingSecret,
          maxBodyBytes,
          ...(verify ? { verify } : {}),
        });
        assertInstance(delivery, options.instanceId ?? instanceIdFromEnv());
        const recorded = await ledger.record(delivery);
        // A redelivery of one still pending (its first run may have died with its process) is
        // scheduled again; the claim makes a second schedule harmless.
        if (recorded.kind !== "duplicate" || recorded.row.status === "pending") {
          await schedule(delivery.svixId, defer);
        }
        return acceptedResponse(delivery.svixId, recorded.kind === "duplicate");
      } catch (error) {
        return errorResponse(error, logger);
      }
    },
    process: (id) => processor.process(id),
    processDue: ({ limit = 100 } = {}) => processor.processDue(limit),
    async replay(id, { defer, force, hooks } = {}) {
      if (force && !hooks) await assertSyncOnlyReplayable(id);
      const row = await ledger.replay(id, { force: force === true, hooks: hooks === true });
      await schedule(id, defer);
      return row;
    },
    sweep: () => (sweeper ?? new Sweeper({ ledger, queue, logger })).sweep(),
    startSweeper: () => sweeper?.start(),
    prune: ({ now, ...overrides } = {}) =>
      pruneLedger(ledger, resolveRetentionPolicy({ ...retention, ...overrides }), now),
    async close() {
      await sweeper?.close();
      await queue.close();
    },
  };

  /** A sync-only replay needs the kit's sync for the type: hooks alone would all be left out. */
  async function assertSyncOnlyReplayable(id: string): Promise<void> {
    const row = await ledger.get(id);
    if (!row || handlersFor(handlers, row.type).length === 0) return;
    if (handlersFor(handlers, row.type, { hooks: false }).length > 0) return;
    throw new ClerkSyncError(
      "EVENT_NOT_REPLAYABLE",
      `No handler of the kit's sync (syncHandlers) is registered for ${row.type}: replaying delivery "${id}" without hooks would run nothing.`,
      {
        suggestion:
          "Replay it with hooks (--hooks), or register syncHandlers for its group in createClerkSync's handlers.",
      },
    );
  }

  async function schedule(id: string, defer: Defer | undefined): Promise<void> {
    try {
      await queue.enqueue(id, defer ? { defer } : {});
    } catch (error) {
      // The delivery is recorded; the sweeper schedules it once the queue is back.
      logger.warn("clerk-sync: could not enqueue delivery, the sweeper will retry", {
        id,
        error: describeError(error),
      });
    }
  }
}

/** Whether the client spreads queries over a pool of connections (PostgreSQL). */
function isPooled(db: LedgerClient): boolean {
  return (db as { _activeProvider?: unknown })._activeProvider === "postgresql";
}

function asLedgerClient(prisma: PrismaClientLike): LedgerClient {
  const client = prisma as Partial<LedgerClient> | undefined;
  if (!client || typeof client.$transaction !== "function" || !client.clerkWebhookEvent) {
    throw invalidOption(
      "prisma must be a Prisma client generated from a schema with the ClerkWebhookEvent model",
    );
  }
  return client as LedgerClient;
}

function invalidOption(message: string): ClerkSyncError {
  return new ClerkSyncError("INVALID_OPTIONS", `createClerkSync: ${message}.`, {
    suggestion: "See the @acme/clerk-sync README for the options createClerkSync takes.",
  });
}
