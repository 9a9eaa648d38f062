import type { RawTransaction, SqlDialect } from "./sql.js";

/** A new ledger row, as the acknowledgement path writes it. */
export interface NewLedgerRow {
  id: string;
  type: string;
  payload: unknown;
  payloadNote: string | null;
  subjectId: string | null;
  svixTimestamp: Date;
  eventTimestamp: Date | null;
  status: "pending";
  attempts: 0;
  receivedAt: Date;
  instanceId: string | null;
}

/** Rows per INSERT: well under SQLite's 32,766 parameters and PostgreSQL's 65,535. */
const MAX_GROUP = 200;

interface Waiting {
  row: NewLedgerRow;
  settle: (inserted: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Group commit for the acknowledgement path: deliveries that arrive while a commit is under way
 * are written together by the next one, in one multi-row `INSERT … ON CONFLICT (id) DO NOTHING
 * RETURNING id`, so a burst costs one commit (one fsync) rather than one per delivery. The
 * statement itself tells new from duplicate: an id it returns was inserted by it, any other was
 * in the ledger already. A caller learns its outcome only once the commit is done, so no
 * delivery is answered before its row is durable; when the commit fails, every caller in it
 * gets the error (and answers 5xx: Svix delivers again).
 *
 * With nothing in flight a delivery is written at once, alone: grouping adds no wait, it only
 * gathers what would otherwise queue for the database.
 */
export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly dialect: SqlDialect,
    private readonly transaction: <T>(fn: (tx: RawTransaction) => Promise<T>) => Promise<T>,
    /** Commits under way at once: 1 for SQLite (one writer), a few on a pooled PostgreSQL. */
    private readonly parallel: number,
  ) {}

  /** Resolves true once `row` is committed, false when its id was in the ledger already. */
  insert(row: NewLedgerRow): Promise<boolean> {
    return new Promise<boolean>((settle, fail) => {
      this.waiting.push({ row, settle, fail });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.parallel && this.waiting.length > 0) {
      const group = this.waiting.splice(0, MAX_GROUP);
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    // The same svix-id twice in one group: the first is the insert, the others its duplicates.
    const first = new Map<string, Waiting>();
    for (const waiting of group) if (!first.has(waiting.row.id)) first.set(waiting.row.id, waiting);
    const rows = [...first.values()].map((w) => w.row);
    let inserted: Set<string>;
    try {
      const { sql, values } = this.statement(rows);
      const returned = await this.transaction((tx) =>
        tx.$queryRawUnsafe<{ id: string }[]>(sql, ...values),
      );
      inserted = new Set(returned.map((r) => r.id));
    } catch (error) {
      for (const waiting of group) waiting.fail(error);
      return;
    }
    for (const waiting of group) {
      waiting.settle(first.get(waiting.row.id) === waiting && inserted.has(waiting.row.id));
    }
  }

  private statement(rows: NewLedgerRow[]): { sql: string; values: unknown[] } {
    const { dialect } = this;
    const values: unknown[] = [];
    const p = (value: unknown) => {
      values.push(value);
      return dialect.param(values.length);
    };
    const time = (value: Date | null) =>
      value === null ? "NULL" : dialect.time(p(dialect.date(value)));
    const tuples = rows.map(
      (r) =>
        `(${p(r.id)}, ${p(r.type)}, ${dialect.json(p(JSON.stringify(r.payload)))}, ${p(r.payloadNote)}, ${p(r.subjectId)}, ${time(r.svixTimestamp)}, ${time(r.eventTimestamp)}, 'pending', 0, ${time(r.receivedAt)}, ${time(r.receivedAt)}, ${p(r.instanceId)})`,
    );
    const sql = `INSERT INTO clerk_webhook_events (id, type, payload, payload_note, subject_id, svix_timestamp, event_timestamp, status, attempts, received_at, updated_at, instance_id) VALUES ${tuples.join(", ")} ON CONFLICT (id) DO NOTHING RETURNING id`;
    return { sql, values };
  }
}
