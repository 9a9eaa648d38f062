import { createHash, randomUUID } from "node:crypto";
import { ClerkSyncError } from "../errors/index.js";
import { GroupCommit, type NewLedgerRow } from "./group-commit.js";
import type { LedgerClient, LedgerDelegate, TransactionClient } from "./prisma-types.js";
import { isUniqueViolation } from "./prisma-types.js";
import { type RawClient, type RawTransaction, sqlDialect } from "./sql.js";
import { storable, storableText } from "./storable.js";
import { epochMs } from "./time.js";
import type { LedgerRow, LedgerStatus, VerifiedDelivery } from "./types.js";

/** What recording a delivery reports back: its state, without the payload. */
export type LedgerSummary = Pick<LedgerRow, "id" | "type" | "status" | "attempts" | "receivedAt">;

// The acknowledgement path selects only these columns: returning the payload it just wrote
// would cost a JSON parse on every delivery.
const SUMMARY = { id: true, type: true, status: true, attempts: true, receivedAt: true };

export type RecordOutcome =
  /** A new delivery: schedule it. */
  | { kind: "new"; row: LedgerSummary }
  /** A redelivery of an event whose processing failed or died: schedule it again. */
  | { kind: "requeued"; row: LedgerSummary }
  /** A redelivery of an event that is done, skipped or already on its way: nothing to do. */
  | { kind: "duplicate"; row: LedgerSummary };

export interface Claim {
  row: LedgerRow;
  token: string;
}

const CLAIMABLE: LedgerStatus[] = ["pending", "failed"];
/** What retention may prune: deliveries with nothing left to do. Never failed or dead ones. */
/** The statuses retention prunes: finished deliveries (failed and dead ones are kept). */
export const FINISHED_STATUSES = ["done", "skipped"] as const satisfies readonly LedgerStatus[];

/** Limits for the ledger's own short transactions (see `isolated`). */
const ISOLATED_TRANSACTION = { maxWait: 15_000, timeout: 15_000 };

/**
 * The event ledger: one row per Svix delivery, keyed by `svix-id`. Every status change goes
 * through here, guarded so that concurrent workers can never both own the same delivery.
 */
export class Ledger {
  /** Prisma's provider name for the client ("sqlite", "postgresql", …), when it carries one. */
  private readonly provider: unknown;
  /** Whether the client spreads queries over a pool of connections (see `write`). */
  private readonly pooled: boolean;
  /** Records new deliveries together, where the client can run SQL of its own. */
  private readonly group: GroupCommit | undefined;
  /** The database's fingerprint, once asked for (see `databaseFingerprint`). */
  private fingerprint: Promise<string | undefined> | undefined;

  constructor(private readonly db: LedgerClient) {
    // Prisma's generated clients carry their provider; anything unrecognised is treated as a
    // single shared connection, the safe assumption.
    this.provider = (db as { _activeProvider?: unknown })._activeProvider;
    this.pooled = this.provider === "postgresql";
    const dialect = sqlDialect(this.provider);
    if (dialect && typeof (db as unknown as RawClient).$queryRawUnsafe === "function") {
      this.group = new GroupCommit(dialect, (fn) => this.isolatedRaw(fn), this.pooled ? 4 : 1);
    }
  }

  /**
   * Ready the database for processes that write side by side (the web process and
   * `clerk-sync worker`s). For SQLite that is WAL mode: readers no longer block the writer, and
   * the mode stays set in the database file for every process that opens it. Returns the journal
   * mode now in force; undefined for a database that needs nothing.
   */
  async shareAcrossProcesses(): Promise<string | undefined> {
    const raw = this.db as unknown as {
      $queryRawUnsafe?: (sql: string) => Promise<Array<{ journal_mode?: unknown }>>;
    };
    if (this.provider !== "sqlite" || typeof raw.$queryRawUnsafe !== "function") return undefined;
    const [row] = await raw.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    return String(row?.journal_mode ?? "unknown");
  }

  /**
   * A short, stable name for the database this ledger is in: the same in every process that
   * opens it (however its URL is written there), different for another database. Queues that
   * several apps may share (one Redis) are namespaced by it. `undefined` for a provider it
   * cannot identify.
   *
   * PostgreSQL: the cluster's system identifier (where the role may read it), the database and
   * the schema. SQLite: the database file's path.
   */
  databaseFingerprint(): Promise<string | undefined> {
    this.fingerprint ??= this.identify().then((identity) =>
      identity === undefined
        ? undefined
        : createHash("sha256").update(identity).digest("hex").slice(0, 12),
    );
    // A failure (the database unreachable) must not stick: ask again next time.
    this.fingerprint.catch(() => {
      this.fingerprint = undefined;
    });
    return this.fingerprint;
  }

  private async identify(): Promise<string | undefined> {
    type Raw = { $queryRawUnsafe?(sql: string): Promise<Record<string, unknown>[]> };
    if (typeof (this.db as Raw).$queryRawUnsafe !== "function") return undefined;
    if (this.provider === "postgresql") {
      const query = (sql: string) => (this.db as unknown as Required<Raw>).$queryRawUnsafe(sql);
      const names = "current_database() AS database, current_schema() AS schema";
      const [row] = await query(
        `SELECT ${names}, (SELECT system_identifier::text FROM pg_control_system()) AS system`,
      ).catch(() => query(`SELECT ${names}, NULL AS system`));
      return `postgresql:${row?.system ?? ""}:${row?.database}:${row?.schema}`;
    }
    if (this.provider === "sqlite") {
      // In a transaction of its own, like every ledger query here (see `isolated`).
      const rows = await this.db.$transaction((tx) =>
        (tx as unknown as Required<Raw>).$queryRawUnsafe("PRAGMA database_list"),
      );
      const main = rows.find((r) => r.name === "main");
      return `sqlite:${main?.file || "memory"}`;
    }
    return undefined;
  }

  /**
   * Record a verified delivery. Safe to call any number of times for the same `svix-id`. Text
   * the database cannot store (NUL, lone surrogates) is replaced in the payload, the same way on
   * every provider, and the row notes what was replaced: a signed event is never refused.
   */
  async record(delivery: VerifiedDelivery): Promise<RecordOutcome> {
    const now = new Date();
    const payload = storable(delivery.event);
    const data = {
      id: delivery.svixId,
      type: delivery.event.type,
      payload: payload.value as unknown as Record<string, unknown>,
      payloadNote: payload.note,
      subjectId: subjectOf(delivery.event),
      svixTimestamp: delivery.svixTimestamp,
      eventTimestamp: eventTime(delivery.event.timestamp),
      status: "pending",
      attempts: 0,
      receivedAt: now,
      instanceId: instanceIdOf(delivery.event),
    } satisfies NewLedgerRow;
    const grouped = this.group?.insert(data);
    if (grouped) {
      // Recorded with the deliveries that arrived alongside it, in one commit (see GroupCommit).
      if (await grouped) {
        const { id, type, status, attempts, receivedAt } = data;
        return { kind: "new", row: { id, type, status, attempts, receivedAt } };
      }
      return this.recorded(delivery, now);
    }
    try {
      const row = await this.isolated((events) => events.create({ data, select: SUMMARY }));
      return { kind: "new", row };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.recorded(delivery, now);
  }

  /** A delivery whose svix-id is in the ledger already: requeue it if it failed or died. */
  private async recorded(delivery: VerifiedDelivery, now: Date): Promise<RecordOutcome> {
    const requeued = await this.requeue(delivery.svixId, now);
    const row = await this.isolated((events) =>
      events.findUnique({ where: { id: delivery.svixId }, select: SUMMARY }),
    );
    if (row && requeued) return { kind: "requeued", row };
    if (!row) {
      // Lost a race with a deletion of the row (retention clean-up); record it afresh.
      return this.record(delivery);
    }
    return { kind: "duplicate", row };
  }

  /**
   * Make a failed or dead delivery due again now. A dead one gets a fresh set of attempts.
   * Returns whether it was requeued (`false` for any other state).
   */
  requeue(id: string, now = new Date()): Promise<boolean> {
    return this.isolated(async (events) => {
      const failed = await events.updateMany({
        where: { id, status: "failed" },
        data: { nextAttemptAt: now },
      });
      if (failed.count === 1) return true;
      const dead = await events.updateMany({
        where: { id, status: "dead" },
        data: { status: "pending", attempts: 0, nextAttemptAt: now },
      });
      return dead.count === 1;
    });
  }

  /**
   * Replay a failed or dead delivery by id. With `force`, a finished (done or skipped) one is
   * made pending again too: it runs through the version guard once more, with the app's hooks
   * (`hooks: true`) or only the kit's sync (`hooks: false`, the default). Anything else is an
   * error with a clear reason.
   */
  async replay(id: string, options: { force?: boolean; hooks?: boolean } = {}): Promise<LedgerRow> {
    const requeued =
      (await this.requeue(id)) || (options.force === true && (await this.reopen(id, options)));
    const existing = await this.get(id);
    if (requeued && existing) return existing;
    if (!existing) {
      throw new ClerkSyncError("EVENT_NOT_FOUND", `No delivery with id "${id}" in the ledger.`, {
        suggestion: "Check the svix-id in the event log; replay takes the delivery's svix-id.",
      });
    }
    const finished = existing.status === "done" || existing.status === "skipped";
    if (finished && options.force === true && existing.payloadPrunedAt) {
      throw new ClerkSyncError(
        "EVENT_NOT_REPLAYABLE",
        `Delivery "${id}" is ${existing.status} and its payload was removed by retention on ${existing.payloadPrunedAt.toISOString()}: there is nothing to apply again.`,
        {
          suggestion:
            "Replay it from the Clerk Dashboard (a new delivery of the same event), or bring the object in with clerk-sync backfill.",
        },
      );
    }
    throw new ClerkSyncError(
      "EVENT_NOT_REPLAYABLE",
      finished
        ? `Delivery "${id}" is ${existing.status}: it was applied already, and a redelivery of it changes nothing.`
        : `Delivery "${id}" is ${existing.status}; only failed, dead or (forced) finished deliveries can be replayed.`,
      {
        suggestion: finished
          ? "To run it again on purpose, through the version guard, replay it with --force (add --hooks to run your own hooks again too)."
          : "Wait for it to finish.",
      },
    );
  }

  /** A finished delivery made pending again, for a forced replay. */
  private reopen(id: string, { hooks = false }: { hooks?: boolean }): Promise<boolean> {
    return this.isolated(async (events) => {
      const { count } = await events.updateMany({
        // A payload retention removed cannot be applied again.
        where: { id, status: { in: ["done", "skipped"] }, payloadPrunedAt: null },
        data: {
          status: "pending",
          attempts: 0,
          nextAttemptAt: new Date(),
          lastError: null,
          replayHooks: hooks,
        },
      });
      return count === 1;
    });
  }

  get(id: string): Promise<LedgerRow | null> {
    return this.isolated((events) => events.findUnique({ where: { id } }));
  }

  /**
   * Take ownership of a delivery for `leaseMs`. Succeeds for a pending or due failed delivery, and
   * for one whose previous owner's lease ran out (a crashed worker). Counts one attempt.
   */
  async claim(id: string, leaseMs: number, now = new Date()): Promise<Claim | null> {
    const token = randomUUID();
    const lockedUntil = new Date(now.getTime() + leaseMs);
    // One conditional UPDATE is the whole claim: PostgreSQL re-checks the WHERE against the row
    // a concurrent claimer just committed, and SQLite runs one writer at a time. Writing before
    // reading also lets SQLite's busy timeout apply across processes (a transaction that reads
    // first fails at once with SQLITE_BUSY_SNAPSHOT when another process wrote meanwhile).
    const row = await this.isolated(async (events) => {
      const { count } = await events.updateMany({
        where: {
          id,
          OR: [
            {
              status: { in: CLAIMABLE },
              OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
            },
            { status: "processing", lockedUntil: { lt: now } },
          ],
        },
        data: {
          status: "processing",
          attempts: { increment: 1 },
          lockToken: token,
          lockedUntil,
          nextAttemptAt: null,
        },
      });
      return count === 1 ? events.findUnique({ where: { id } }) : null;
    });
    return row ? { token, row } : null;
  }

  /**
   * Take ownership of up to `limit` due deliveries at once, oldest first, in one statement: the
   * same conditions as `claim` (pending or due failed, or a lease that ran out), each counting one
   * attempt, all under one token. Given `ids`, only among those. On PostgreSQL the candidates are
   * locked with `FOR UPDATE SKIP LOCKED`, so workers claiming side by side take disjoint batches
   * instead of queueing behind each other's rows. Returns the claims in claim order; `undefined`
   * when the client cannot run SQL of its own (then claim one by one).
   */
  async claimMany(options: {
    limit: number;
    leaseMs: number;
    ids?: readonly string[];
    now?: Date;
  }): Promise<Claim[] | undefined> {
    const dialect = sqlDialect(this.provider);
    if (!dialect || typeof (this.db as unknown as RawClient).$queryRawUnsafe !== "function") {
      return undefined;
    }
    if (options.ids?.length === 0 || options.limit < 1) return [];
    const now = options.now ?? new Date();
    const token = randomUUID();
    const lockedUntil = new Date(now.getTime() + options.leaseMs);
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return dialect.param(params.length);
    };
    // Parameters are pushed in the order they appear in the text (SQLite's `?` are positional).
    const at = (date: Date) => dialect.time(p(dialect.date(date)));
    const sql = `UPDATE clerk_webhook_events SET status = 'processing', attempts = attempts + 1, lock_token = ${p(token)}, locked_until = ${at(lockedUntil)}, next_attempt_at = NULL, updated_at = ${at(now)}
      WHERE id IN (SELECT id FROM clerk_webhook_events
        WHERE ((status IN ('pending', 'failed') AND (next_attempt_at IS NULL OR next_attempt_at <= ${at(now)}))
          OR (status = 'processing' AND locked_until < ${at(now)}))${options.ids ? ` AND id IN (${options.ids.map((id) => p(id)).join(", ")})` : ""}
        ORDER BY received_at, id LIMIT ${p(options.limit)}${dialect.skipLocked})
      RETURNING id`;
    // The claim writes first and reads after, in one short transaction (see `claim`).
    const rows = await this.isolatedRaw(async (tx) => {
      const claimed = await tx.$queryRawUnsafe<{ id: string }[]>(sql, ...params);
      if (claimed.length === 0) return [];
      const found = await tx.clerkWebhookEvent.findMany({
        where: { id: { in: claimed.map((r) => r.id) } },
      });
      return found;
    });
    return rows
      .sort(
        (a, b) =>
          a.receivedAt.getTime() - b.receivedAt.getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .map((row) => ({ row, token }));
  }

  /**
   * Inside a batch's transaction, before any handler runs: confirm that every claim is still
   * this worker's (the write takes SQLite's lock and PostgreSQL's row locks, see the processor).
   * Returns how many are.
   */
  async confirm(tx: TransactionClient, claims: readonly Claim[]): Promise<number> {
    const { count } = await tx.clerkWebhookEvent.updateMany({
      where: stillOwned(claims),
      data: { status: "processing" },
    });
    return count;
  }

  /**
   * Inside a batch's transaction: mark these claimed deliveries finished, in one statement. Throws
   * if any claim was lost, which rolls the whole batch back.
   */
  async completeMany(
    tx: TransactionClient,
    claims: readonly Claim[],
    status: Extract<LedgerStatus, "done" | "skipped">,
  ): Promise<void> {
    if (claims.length === 0) return;
    const { count } = await tx.clerkWebhookEvent.updateMany({
      where: stillOwned(claims),
      data: {
        status,
        processedAt: new Date(),
        lockToken: null,
        lockedUntil: null,
        nextAttemptAt: null,
        lastError: null,
        replayHooks: null,
      },
    });
    if (count !== claims.length) throw new LostClaimError(claims[0]?.row.id ?? "");
  }

  /**
   * Inside the processing transaction: mark the delivery finished. Throws if the claim was lost
   * (another worker took over after the lease ran out), which rolls the handler's effects back.
   */
  async complete(
    tx: TransactionClient,
    claim: Claim,
    status: Extract<LedgerStatus, "done" | "skipped">,
  ): Promise<void> {
    const { count } = await tx.clerkWebhookEvent.updateMany({
      where: { id: claim.row.id, status: "processing", lockToken: claim.token },
      data: {
        status,
        processedAt: new Date(),
        lockToken: null,
        lockedUntil: null,
        nextAttemptAt: null,
        lastError: null,
        replayHooks: null,
      },
    });
    if (count !== 1) throw new LostClaimError(claim.row.id);
  }

  /** Record a failed attempt: due again at `retryAt`, or dead when `retryAt` is null. */
  async fail(claim: Claim, error: string, retryAt: Date | null): Promise<boolean> {
    const { count } = await this.isolated((events) =>
      events.updateMany({
        where: { id: claim.row.id, status: "processing", lockToken: claim.token },
        data: {
          status: retryAt ? "failed" : "dead",
          // An error may quote the event's own text, NUL included.
          lastError: storableText(error),
          nextAttemptAt: retryAt,
          lockToken: null,
          lockedUntil: null,
        },
      }),
    );
    return count === 1;
  }

  /**
   * One batch of retention (see `pruneLedger`): up to `limit` deliveries of one finished
   * `status` received before `before` (and from `from` on), oldest first. One status at a time,
   * so the read walks the (status, received_at) index in order and each batch costs what its
   * rows do, however many are left (two statuses at once would be sorted on every batch). The
   * `row` pass deletes them; the `payload` pass replaces their payload with `{}` and notes when.
   * Each statement is its own short transaction (see `isolated`), so an acknowledgement waits
   * for one batch at most; the write re-checks the status, so a delivery requeued meanwhile is
   * left alone. `next` is where the following batch starts, absent when this one was the last.
   */
  async pruneBatch(
    pass: "row" | "payload",
    options: {
      status: (typeof FINISHED_STATUSES)[number];
      before: Date;
      from?: Date;
      limit: number;
      now?: Date;
    },
  ): Promise<{ pruned: number; next?: Date }> {
    const now = options.now ?? new Date();
    // The read and the write are two short transactions, not one: on SQLite a transaction that
    // reads first fails with SQLITE_BUSY_SNAPSHOT (or waits out its timeout) once another
    // process writes meanwhile, while a lone write waits for the lock like any other.
    const rows = await this.isolated((events) =>
      events.findMany({
        where: {
          status: options.status,
          receivedAt: { lt: options.before, ...(options.from ? { gte: options.from } : {}) },
          // The payload pass reads the index on (payload_pruned_at, received_at): rows already
          // emptied are not even visited.
          ...(pass === "payload" ? { payloadPrunedAt: null } : {}),
        },
        select: { id: true, receivedAt: true },
        orderBy: { receivedAt: "asc" },
        take: options.limit,
      }),
    );
    if (rows.length === 0) return { pruned: 0 };
    const where = { id: { in: rows.map((r) => r.id) }, status: options.status };
    const { count } = await this.isolated((events) =>
      pass === "row"
        ? events.deleteMany({ where })
        : events.updateMany({
            where: { ...where, payloadPrunedAt: null },
            data: { payload: {}, payloadPrunedAt: now },
          }),
    );
    const last = rows.at(-1)?.receivedAt;
    return rows.length < options.limit || !last ? { pruned: count } : { pruned: count, next: last };
  }

  /**
   * Every ledger query outside the processing transaction goes through here. With SQLite's
   * driver adapter a client has one connection, and a plain query issued while another
   * delivery's transaction is open on it runs inside that transaction: a write vanishes with its
   * rollback (an acknowledged delivery, a claim), and even a read starts the transaction's
   * snapshot before its first write, so that transaction then fails with SQLITE_BUSY_SNAPSHOT as
   * soon as another process writes. There, each query runs in a short transaction of its own,
   * which waits for the open one. PostgreSQL clients have a pool: plain queries are safe there and
   * save the transaction's round trips.
   */
  private isolated<T>(fn: (events: LedgerDelegate) => PromiseLike<T>): Promise<T> {
    if (this.pooled) return Promise.resolve(fn(this.db.clerkWebhookEvent));
    return this.db.$transaction(async (tx) => fn(tx.clerkWebhookEvent), ISOLATED_TRANSACTION);
  }

  /** `isolated`, for work that needs the whole transaction client (SQL of its own). */
  private isolatedRaw<T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T> {
    if (this.pooled) return fn(this.db as unknown as RawTransaction);
    return this.db.$transaction((tx) => fn(tx as unknown as RawTransaction), ISOLATED_TRANSACTION);
  }

  /**
   * Deliveries the sweeper should (re)schedule: failed ones that are due, pending ones older than
   * `pendingGraceMs` (their first run never happened, e.g. the process died after the ack) and
   * processing ones whose owner's lease ran out.
   */
  async due(options: { now?: Date; pendingGraceMs: number; limit: number }): Promise<string[]> {
    const now = options.now ?? new Date();
    const rows = await this.isolated((events) =>
      events.findMany({
        where: {
          OR: [
            { status: "failed", nextAttemptAt: { lte: now } },
            {
              status: "pending",
              receivedAt: { lte: new Date(now.getTime() - options.pendingGraceMs) },
              OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
            },
            { status: "processing", lockedUntil: { lt: now } },
          ],
        },
        select: { id: true },
        orderBy: { receivedAt: "asc" },
        take: options.limit,
      }),
    );
    return rows.map((r) => r.id);
  }
}

export class LostClaimError extends Error {
  override readonly name = "LostClaimError";
  constructor(id: string) {
    super(`Delivery "${id}" was taken over by another worker before this one finished.`);
  }
}

/** The rows of these claims that are still theirs: processing, under the claim's token. */
function stillOwned(claims: readonly Claim[]) {
  return {
    id: { in: claims.map((c) => c.row.id) },
    status: "processing",
    lockToken: { in: [...new Set(claims.map((c) => c.token))] },
  };
}

/** The envelope's `instance_id`, when it carries a usable one. */
function instanceIdOf(event: unknown): string | null {
  const id = (event as { instance_id?: unknown } | null)?.instance_id;
  return typeof id === "string" && id.length > 0 && id.length <= 200 ? id : null;
}

/** The Clerk id of the object an event is about (`data.id`), when it has one. */
export function subjectOf(event: unknown): string | null {
  const data = (event as { data?: unknown } | null)?.data;
  const id = typeof data === "object" && data !== null ? (data as { id?: unknown }).id : undefined;
  return typeof id === "string" ? storableText(id) : null;
}

/** The envelope's `timestamp`, in seconds or milliseconds, as a date. */
function eventTime(timestamp: unknown): Date | null {
  const ms = epochMs(timestamp);
  return ms === undefined ? null : new Date(ms);
}
