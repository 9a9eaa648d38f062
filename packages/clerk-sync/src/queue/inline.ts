import type { EnqueueOptions, QueueRunner, SyncQueue } from "./types.js";

export interface InlineQueueOptions {
  /** Deliveries processed at the same time in this process. Default 4. */
  concurrency?: number;
}

/**
 * The default queue: processes each delivery in the web process right after the response
 * (through `after()` in Next.js), and schedules retries in-process. The sweeper covers whatever a
 * restart interrupts.
 *
 * @example createClerkSync({ prisma, handlers, queue: inlineQueue({ concurrency: 8 }) })
 */
export function inlineQueue(options: InlineQueueOptions = {}): SyncQueue {
  return new InlineQueue(options.concurrency ?? 4);
}

class InlineQueue implements SyncQueue {
  readonly kind = "inline";
  private runner: QueueRunner | undefined;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `inlineQueue concurrency must be a positive integer, got ${concurrency}`,
      );
    }
  }

  bind(runner: QueueRunner): void {
    this.runner = runner;
  }

  async enqueue(id: string, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) return;
    if (options.delayMs && options.delayMs > 0) {
      this.later(id, options.delayMs);
      return;
    }
    if (options.defer) {
      options.defer(() => this.track(this.run(id)));
      return;
    }
    // Tracked from now, so drain() also waits for work that has not started yet.
    void this.track(new Promise<void>((resolve) => setImmediate(() => resolve(this.run(id)))));
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.drain();
  }

  private later(id: string, delayMs: number): void {
    clearTimeout(this.timers.get(id));
    const timer = setTimeout(() => {
      this.timers.delete(id);
      void this.track(this.run(id));
    }, delayMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  private async run(id: string): Promise<void> {
    if (!this.runner) throw new Error("inlineQueue used before createClerkSync bound it");
    await this.slot();
    try {
      const outcome = await this.runner.process(id);
      if (outcome.status === "failed" && !this.closed) {
        this.later(id, Math.max(0, outcome.retryAt.getTime() - Date.now()));
      }
    } catch {
      // The ledger could not be reached; the sweeper will find the delivery again.
    } finally {
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
