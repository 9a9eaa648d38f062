import type { ProcessOutcome } from "../processing/processor.js";

/** Runs `task` after the response has been sent (Next.js `after`, a platform `waitUntil`). */
export type Defer = (task: () => Promise<void>) => void;

/** What a queue drives: the kit's processor. */
export interface QueueRunner {
  process(id: string): Promise<ProcessOutcome>;
  /**
   * A short, stable name for the database the deliveries are in (see
   * `Ledger.databaseFingerprint`); queues that other apps may share namespace their work by it.
   */
  databaseFingerprint?(): Promise<string | undefined>;
}

export interface EnqueueOptions {
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /** For queues that run in the web process: how to run after the response. */
  defer?: Defer;
}

export interface StartWorkerOptions {
  /** Deliveries this process works on at once. Default: the queue's own setting. */
  concurrency?: number;
}

/**
 * Where processing happens. Every queue passes the same contract suite: whatever is enqueued is
 * processed, retried on failure with the ledger's backoff, and applied exactly once in effect.
 */
export interface SyncQueue {
  readonly kind: string;
  /** Connect the queue to the processor. Called once by `createClerkSync`. */
  bind(runner: QueueRunner): void;
  /** Schedule processing of one delivery. Enqueuing the same id twice is harmless. */
  enqueue(id: string, options?: EnqueueOptions): Promise<void>;
  /**
   * Resolves when the work enqueued so far has run, scheduled retries excepted (tests,
   * shutdown). In-process queues wait for their own work; queues with separate workers wait
   * until the shared queue has nothing waiting or running.
   */
  drain(): Promise<void>;
  /**
   * For queues whose work runs in separate worker processes (BullMQ): start consuming in this
   * process, until `close()`. `clerk-sync worker` calls it. Queues that process in the web
   * process (inline) have no such method.
   */
  startWorker?(options?: StartWorkerOptions): Promise<void>;
  close(): Promise<void>;
}
