import type { Job, Queue, Worker } from "bullmq";
import type { Redis, RedisOptions } from "ioredis";
import { describeError } from "../errors/index.js";
import { consoleLogger, type Logger } from "../logging.js";
import type { EnqueueOptions, QueueRunner, StartWorkerOptions, SyncQueue } from "./types.js";

/** ioredis connection options (host, port, password, db, tls, …), as plain data. */
export interface RedisConnectionOptions {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, unknown>;
  [option: string]: unknown;
}

/**
 * An ioredis client you created yourself. The queue opens its own connections from it
 * (`duplicate()`), closes those, and leaves yours to you.
 */
export interface RedisClientLike {
  duplicate(override?: Record<string, unknown>): unknown;
  quit(): Promise<unknown>;
}

export interface BullmqQueueOptions {
  /**
   * Redis: a `redis://` URL, ioredis options, or an ioredis client. Default: `REDIS_URL`, else
   * `redis://127.0.0.1:6379`.
   */
  connection?: string | RedisConnectionOptions | RedisClientLike | undefined;
  /** The BullMQ queue name. Default `clerk-sync`. */
  queueName?: string;
  /**
   * Follow the queue name with a fingerprint of the app's database (`clerk-sync.3f9a…`), so
   * that a worker of another app, on another database, sharing this Redis never takes this
   * app's jobs. Every process of one app (web and workers) reaches the same database, so they
   * agree on it. Default `true`; `false` uses `queueName` as it is.
   */
  perDatabase?: boolean;
  /** Prefix of every Redis key of the queue. Default BullMQ's own, `bull`. */
  prefix?: string;
  /** Deliveries one worker process works on at once. Default 8. */
  concurrency?: number;
  /**
   * How long the web process waits for Redis when scheduling a delivery. Past it the webhook is
   * still answered (the delivery is in the ledger) and the sweeper schedules it later.
   * Default 5,000 ms.
   */
  enqueueTimeoutMs?: number;
  /**
   * How long a worker may hold a job before BullMQ hands it to another worker, in ms (renewed
   * while the job runs). Default 30,000.
   */
  lockDurationMs?: number;
  logger?: Logger;
}

/** A `SyncQueue` on BullMQ, with the worker side that `clerk-sync worker` starts. */
export interface BullmqSyncQueue extends SyncQueue {
  readonly kind: "bullmq";
  /** The name given (or `clerk-sync`). */
  readonly queueName: string;
  /** The queue's name in Redis: `queueName`, then the database's fingerprint (see `perDatabase`). */
  redisQueueName(): Promise<string>;
  /** The Redis key prefix given (BullMQ's own default, `bull`, when undefined). */
  readonly prefix: string | undefined;
  startWorker(options?: StartWorkerOptions): Promise<void>;
}

const DEFAULT_QUEUE_NAME = "clerk-sync";
const JOB_NAME = "delivery";

interface JobData {
  /** The delivery's svix-id. The payload stays in the database, never in Redis. */
  id: string;
}

/**
 * Jobs leave Redis when they finish, so that a later replay or redelivery of the same svix-id
 * can add a fresh job under the same id: the ledger, not Redis, is the history. Handler failures
 * never make a job fail (see the worker); a job fails only when the ledger itself cannot be
 * reached, and BullMQ's own attempts cover that. Past them the sweeper finds the delivery again.
 */
const JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000 },
} as const;

/**
 * Process deliveries in separate worker processes through BullMQ on Redis. The web process only
 * enqueues (job id = svix-id, the job holds nothing but that id); `clerk-sync worker` processes,
 * and any number of workers may run. Nothing connects to Redis until the first enqueue.
 *
 * With SQLite, `clerk-sync worker` puts the database in WAL mode (`PRAGMA journal_mode = WAL`,
 * persistent in the file); give the adapter a busy timeout too (`new PrismaBetterSqlite3({ url,
 * timeout: 5_000 })`), so that processes wait for each other's writes instead of failing.
 *
 * @example
 * import { createClerkSync } from "@acme/clerk-sync";
 * import { bullmqQueue } from "@acme/clerk-sync/queue";
 * export const clerkSync = createClerkSync({
 *   prisma,
 *   handlers,
 *   queue: bullmqQueue({ connection: process.env.REDIS_URL }),
 * });
 * // then, in as many processes as you like: clerk-sync worker --config src/lib/clerk-sync.ts
 */
export function bullmqQueue(options: BullmqQueueOptions = {}): BullmqSyncQueue {
  return new BullmqQueue(options);
}

class BullmqQueue implements BullmqSyncQueue {
  readonly kind = "bullmq";
  readonly queueName: string;
  readonly prefix: string | undefined;
  private readonly concurrency: number;
  private readonly enqueueTimeoutMs: number;
  private readonly lockDurationMs: number;
  private readonly logger: Logger;
  private runner: QueueRunner | undefined;
  private redisName: Promise<string> | undefined;
  private producer: Promise<Queue<JobData>> | undefined;
  private worker: Promise<Worker<JobData>> | undefined;
  /** Redis clients this queue created, and so closes. */
  private readonly owned = new Set<Redis>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Connection errors are logged once per outage, not once per reconnection attempt. */
  private redisDown = false;

  constructor(private readonly options: BullmqQueueOptions) {
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.prefix = options.prefix;
    this.concurrency = positiveInteger("concurrency", options.concurrency ?? 8);
    this.enqueueTimeoutMs = positiveInteger("enqueueTimeoutMs", options.enqueueTimeoutMs ?? 5_000);
    this.lockDurationMs = positiveInteger("lockDurationMs", options.lockDurationMs ?? 30_000);
    this.logger = options.logger ?? consoleLogger;
    if (this.queueName.includes(":")) {
      throw new RangeError(`bullmqQueue queueName cannot contain ":", got "${this.queueName}"`);
    }
  }

  bind(runner: QueueRunner): void {
    this.runner = runner;
  }

  async enqueue(id: string, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) return;
    const work = this.track(this.schedule(id, Math.max(0, options.delayMs ?? 0)));
    await withTimeout(
      work,
      this.enqueueTimeoutMs,
      () => new Error(`Redis did not accept the job within ${this.enqueueTimeoutMs} ms`),
    );
  }

  /**
   * Resolves when the queue (in Redis, for every process) has nothing waiting or running;
   * scheduled retries are not waited for. With no worker running anywhere it waits until one is.
   */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    if (!this.producer && !this.worker) return;
    const queue = await this.queue();
    for (;;) {
      const counts = await queue.getJobCounts("waiting", "prioritized", "active");
      if (Object.values(counts).every((count) => count === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async startWorker(options: StartWorkerOptions = {}): Promise<void> {
    if (this.closed) throw new Error("bullmqQueue: cannot start a worker on a closed queue");
    const runner = this.runner;
    if (!runner) throw new Error("bullmqQueue: createClerkSync must bind the queue first");
    const concurrency = positiveInteger("concurrency", options.concurrency ?? this.concurrency);
    if (!this.worker) {
      this.worker = this.createWorker(runner, concurrency);
      this.worker.catch(() => {
        this.worker = undefined;
      });
    }
    await this.worker;
  }

  redisQueueName(): Promise<string> {
    this.redisName ??= (async () => {
      if (this.options.perDatabase === false) return this.queueName;
      if (!this.runner) throw new Error("bullmqQueue: createClerkSync must bind the queue first");
      const fingerprint = await this.runner.databaseFingerprint?.();
      return fingerprint ? `${this.queueName}.${fingerprint}` : this.queueName;
    })();
    // A failure (the database unreachable) must not stick: ask again next time.
    this.redisName.catch(() => {
      this.redisName = undefined;
    });
    return this.redisName;
  }

  close(): Promise<void> {
    this.closed = true;
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const failures: unknown[] = [];
    // The worker first, gracefully: it stops taking jobs and waits for the ones it is running.
    await this.worker?.then((worker) => worker.close()).catch((error) => failures.push(error));
    // Everything else is bounded: with Redis gone, BullMQ would wait for it forever.
    const bound = this.enqueueTimeoutMs;
    await within(Promise.allSettled([...this.inFlight]), bound);
    await within(
      this.producer?.then((queue) => queue.close()).catch((error) => failures.push(error)),
      bound,
    );
    await Promise.allSettled(
      [...this.owned].map((client) =>
        client.status === "ready"
          ? within(client.quit(), bound).finally(() => client.disconnect())
          : client.disconnect(),
      ),
    );
    this.owned.clear();
    for (const error of failures) {
      this.logger.warn("clerk-sync: closing the BullMQ queue failed", {
        error: describeError(error),
      });
    }
  }

  /** Add the job, or make sure the existing job with this id will run. */
  private async schedule(id: string, delayMs: number): Promise<void> {
    const queue = await this.queue();
    const jobId = jobIdFor(id);
    const state = await queue.getJobState(jobId);
    switch (state) {
      case "waiting":
      case "prioritized":
      case "waiting-children":
      case "active":
        return;
      case "delayed":
        // A retry is scheduled; a replay or redelivery wants it now.
        if (delayMs === 0) await promote(queue, jobId);
        return;
      case "completed":
      case "failed":
        // Only when the app kept finished jobs around; the id must be free for the new job.
        await queue.remove(jobId);
        break;
      case "unknown":
        break;
    }
    await queue.add(JOB_NAME, { id }, { ...JOB_OPTIONS, jobId, delay: delayMs });
  }

  private queue(): Promise<Queue<JobData>> {
    this.producer ??= (async () => {
      const { Queue } = await import("bullmq");
      const name = await this.redisQueueName();
      const connection = await this.connect({ role: "producer" });
      const queue = new Queue<JobData>(name, {
        connection,
        ...(this.prefix ? { prefix: this.prefix } : {}),
      });
      queue.on("error", (error) => this.reportRedisError(error));
      return queue;
    })();
    // A failed start (Redis unreachable, bullmq missing) must not stick: try again next time.
    this.producer.catch(() => {
      this.producer = undefined;
    });
    return this.producer;
  }

  private async createWorker(runner: QueueRunner, concurrency: number): Promise<Worker<JobData>> {
    const { DelayedError, Worker } = await import("bullmq");
    const name = await this.redisQueueName();
    const connection = await this.connect({ role: "worker" });
    const worker = new Worker<JobData>(
      name,
      async (job: Job<JobData>, token?: string) => {
        const outcome = await runner.process(job.data.id);
        if (outcome.status === "not-found") {
          this.logger.warn(
            "clerk-sync: a job names a delivery this database does not have; it is dropped. Likely cause: the process that queued it writes to another database under the same queue name (two apps sharing this Redis with perDatabase: false, or a database emptied or re-created since), or its ledger row was deleted while the job waited.",
            { id: job.data.id, queue: name },
          );
        }
        if (outcome.status === "failed") {
          // Retries follow the ledger's policy, which has already recorded when the next
          // attempt is due (exponential backoff with jitter, dead after maxAttempts). The job
          // waits in BullMQ's delayed set until exactly then, under the same id; BullMQ's own
          // backoff would be a second schedule that a replay (which resets the ledger's
          // attempts) could not reset.
          await job.moveToDelayed(outcome.retryAt.getTime(), token);
          throw new DelayedError();
        }
        return outcome.status;
      },
      {
        connection,
        concurrency,
        lockDuration: this.lockDurationMs,
        ...(this.prefix ? { prefix: this.prefix } : {}),
      },
    );
    worker.on("error", (error) => this.reportRedisError(error));
    worker.on("failed", (job, error) =>
      this.logger.warn("clerk-sync: could not process delivery, BullMQ will retry", {
        id: job?.data.id,
        error: describeError(error),
      }),
    );
    await worker.waitUntilReady();
    return worker;
  }

  /**
   * The connection handed to BullMQ. Built here rather than by BullMQ, which loads ioredis with
   * `require` (missing in ESM and in some bundles). A worker's connection must retry commands
   * forever (BullMQ's blocking reads need it); the web process's must not hang on a dead Redis.
   */
  private async connect({ role }: { role: "producer" | "worker" }): Promise<Redis> {
    const given = this.options.connection ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    const overrides: RedisOptions =
      role === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 2 };
    let client: Redis;
    if (isRedisClient(given)) {
      client = given.duplicate({ ...overrides }) as Redis;
    } else {
      const { Redis } = await import("ioredis");
      client =
        typeof given === "string"
          ? new Redis(given, overrides)
          : new Redis({ ...(given as RedisOptions), ...overrides });
    }
    client.on("error", (error) => this.reportRedisError(error));
    client.on("ready", () => {
      if (this.redisDown) this.logger.info("clerk-sync: Redis is reachable again");
      this.redisDown = false;
    });
    this.owned.add(client);
    return client;
  }

  private reportRedisError(error: unknown): void {
    if (this.redisDown || this.closed) return;
    this.redisDown = true;
    this.logger.warn("clerk-sync: Redis error; deliveries stay in the ledger until it is back", {
      queue: this.queueName,
      error: describeError(error),
    });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.then(
      () => this.inFlight.delete(work),
      () => this.inFlight.delete(work),
    );
    return work;
  }
}

/**
 * BullMQ refuses custom ids that are integers or contain ":". Svix ids (`msg_…`) are neither;
 * anything else is escaped, deterministically, so the same delivery always maps to the same job.
 */
export function jobIdFor(svixId: string): string {
  return /^\d+$/.test(svixId) || svixId.includes(":") || svixId.startsWith("%")
    ? `%${encodeURIComponent(svixId)}`
    : svixId;
}

async function promote(queue: Queue<JobData>, jobId: string): Promise<void> {
  try {
    await (await queue.getJob(jobId))?.promote();
  } catch {
    // It left the delayed set meanwhile (it started, or another process promoted it).
  }
}

function isRedisClient(value: unknown): value is RedisClientLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as RedisClientLike).duplicate === "function"
  );
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`bullmqQueue ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Wait for `work`, but no longer than `ms`. */
async function within(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return;
  await withTimeout(work, ms, () => new Error("timed out")).catch(() => undefined);
}

async function withTimeout<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(error()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
