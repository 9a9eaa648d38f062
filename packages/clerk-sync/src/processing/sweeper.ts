import { describeError } from "../errors/index.js";
import { type PruneResult, pruneLedger, type RetentionPolicy } from "../ledger/retention.js";
import type { Ledger } from "../ledger/store.js";
import type { Logger } from "../logging.js";
import type { SyncQueue } from "../queue/types.js";

export interface SweeperOptions {
  /** How often to look for due work. Default 15 s. */
  intervalMs: number;
  /** A pending delivery this old never got its first run (a crash after the ack). Default 30 s. */
  pendingGraceMs: number;
  /** Deliveries scheduled per sweep. Default 500. */
  batchSize: number;
}

/** Periodically schedules due retries and anything a crash left pending or processing. */
export class Sweeper {
  private readonly options: SweeperOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private pruning: Promise<PruneResult> | undefined;
  private stopping = new AbortController();
  /** When the last prune started; the first sweep prunes. */
  private lastPruneAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: {
      ledger: Ledger;
      queue: SyncQueue;
      logger: Logger;
      /** Prune the ledger by this policy every `intervalMinutes` (none: never). */
      retention?: RetentionPolicy;
    } & Partial<SweeperOptions>,
  ) {
    this.options = {
      intervalMs: deps.intervalMs ?? 15_000,
      pendingGraceMs: deps.pendingGraceMs ?? 30_000,
      batchSize: deps.batchSize ?? 500,
    };
  }

  /** One pass; concurrent calls share it. Returns how many deliveries were scheduled. */
  sweep(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Sweep now, then every `intervalMs` (idempotent). Sweeping at once is what picks up, at boot,
   * the work a crash or a restart left behind (deliveries recorded but never run, leases of a
   * killed process): without it they would wait a whole interval, and an app that starts the
   * sweeper only on its first request would wait for traffic.
   */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.sweep().catch((error) =>
        this.deps.logger.warn("clerk-sync: sweep failed", { error: describeError(error) }),
      );
    };
    this.timer = setInterval(tick, this.options.intervalMs);
    this.timer.unref();
    tick();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stop, and wait for a prune in progress to end its current batch. */
  async close(): Promise<void> {
    this.stop();
    this.stopping.abort();
    await this.pruning?.catch(() => undefined);
    this.stopping = new AbortController();
  }

  /**
   * Prune the ledger now by the sweeper's retention policy (concurrent calls share one run).
   * Sweeps schedule this every `intervalMinutes`; it runs beside them, in its own short batches.
   */
  prune(now = new Date()): Promise<PruneResult> | undefined {
    const retention = this.deps.retention;
    if (!retention) return undefined;
    this.lastPruneAt = now.getTime();
    this.pruning ??= pruneLedger(this.deps.ledger, retention, now, this.stopping.signal)
      .then((result) => {
        if (result.rowsDeleted + result.payloadsRemoved > 0) {
          this.deps.logger.info("clerk-sync: pruned the ledger", {
            rowsDeleted: result.rowsDeleted,
            payloadsRemoved: result.payloadsRemoved,
          });
        }
        return result;
      })
      .finally(() => {
        this.pruning = undefined;
      });
    return this.pruning;
  }

  private pruneIfDue(): void {
    const minutes = this.deps.retention?.intervalMinutes ?? 0;
    if (minutes === 0 || Date.now() - this.lastPruneAt < minutes * 60_000) return;
    this.prune()?.catch((error) =>
      this.deps.logger.warn("clerk-sync: prune failed", { error: describeError(error) }),
    );
  }

  private async pass(): Promise<number> {
    this.pruneIfDue();
    const ids = await this.deps.ledger.due({
      pendingGraceMs: this.options.pendingGraceMs,
      limit: this.options.batchSize,
    });
    for (const id of ids) await this.deps.queue.enqueue(id);
    return ids.length;
  }
}
