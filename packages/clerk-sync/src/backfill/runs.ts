import { randomUUID } from "node:crypto";
import { ClerkSyncError } from "../errors/index.js";
import type { ListableGroup } from "./listable.js";
import type { ListingPosition } from "./walk.js";

/** What a group has come to in a run: counts, and a few ids of each kind of drift. */
export interface GroupCounts {
  /** Objects read from Clerk. */
  listed: number;
  /** Objects passed to the sync (a backfill writes all it reads; a fix only what drifted). */
  written: number;
  /** In Clerk, no row here. */
  missing: number;
  /** Here, older than Clerk's. */
  stale: number;
  /** Alive here, gone from Clerk. */
  deleted: number;
  /** Of those gone from Clerk, rows the sync cannot tombstone (no delete event for the group). */
  unfixable: number;
  samples: { missing: string[]; stale: string[]; deleted: string[] };
  /** The listings' total_count, where known. */
  total: number | null;
}

/** A group's progress in a run, saved in its checkpoint. */
export interface GroupState {
  /** list: the writing pass (backfill); verify: a comparing pass; done. */
  phase: "list" | "verify" | "done";
  /** The comparing pass in progress, from 1. */
  round: number;
  listings: Record<string, ListingPosition>;
  /** The sweep for rows gone from Clerk: the last id done, or true when finished. */
  sweep?: string | true;
  /** Drift found in the current pass that a fix can act on. */
  roundDrift?: number;
  /** Counts of the whole run (listed, written) and of the current round (drift). */
  counts: GroupCounts;
}

export function emptyCounts(): GroupCounts {
  return {
    listed: 0,
    written: 0,
    missing: 0,
    stale: 0,
    deleted: 0,
    unfixable: 0,
    samples: { missing: [], stale: [], deleted: [] },
    total: null,
  };
}

export type RunCommand = "backfill" | "reconcile";

/** A run as the `ClerkSyncRun` table holds it. */
export interface RunRecord {
  id: string;
  command: string;
  groups: unknown;
  status: string;
  fix: boolean;
  result: unknown;
  drift: number | null;
  lastError: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

type Query = (args: Record<string, unknown>) => PromiseLike<unknown>;
/** What this module calls on each of the run tables' Prisma delegates. */
interface Delegate {
  create: Query;
  createMany: Query;
  findFirst: Query;
  findMany: Query;
  update: Query;
  updateMany: Query;
  upsert: Query;
  deleteMany: Query;
}

/** The kit's run tables, as a Prisma client (or transaction) generated with them exposes them. */
interface RunTables {
  clerkSyncRun: Delegate;
  clerkSyncCheckpoint: Delegate;
  clerkSyncSeen: Delegate;
}

/** A Prisma client with an interactive `$transaction`. */
export interface RunClient {
  $transaction<T>(
    fn: (tx: unknown) => Promise<T>,
    options?: { maxWait?: number; timeout?: number },
  ): Promise<T>;
}

/**
 * The tables of the kit's ledger fragment this module needs, or a clear error if the app's schema
 * predates them.
 */
export function runTables(client: unknown): RunTables {
  const tables = client as Partial<RunTables> | null;
  if (!tables?.clerkSyncRun || !tables.clerkSyncCheckpoint || !tables.clerkSyncSeen) {
    throw new ClerkSyncError(
      "SYNC_RUNS_MISSING",
      "The Prisma client has no ClerkSyncRun, ClerkSyncCheckpoint or ClerkSyncSeen model, where backfill and reconcile keep their progress.",
      {
        suggestion:
          "Update the kit's models in your schema (the ledger fragment, templates/prisma/models/ledger.prisma), then run prisma migrate and prisma generate.",
      },
    );
  }
  return tables as RunTables;
}

/** Long enough for a page of 500 writes on a slow disk, short enough to surface a stuck lock. */
const TRANSACTION = { maxWait: 30_000, timeout: 120_000 };

/**
 * Runs, checkpoints and seen ids. Every query runs in a transaction of its own: on SQLite a
 * client has one connection, and a plain query issued while the app's processing holds a
 * transaction on it would run inside that transaction.
 */
export class RunStore {
  constructor(private readonly client: RunClient) {
    runTables(client);
  }

  /** Run `fn` in one transaction, with the run tables and the synced models. */
  transaction<T>(fn: (tx: unknown, tables: RunTables) => Promise<T>): Promise<T> {
    return this.client.$transaction((tx) => fn(tx, runTables(tx)), TRANSACTION);
  }

  async start(
    command: RunCommand,
    groups: readonly ListableGroup[],
    fix: boolean,
  ): Promise<RunRecord> {
    const id = `${command}_${new Date().toISOString().replace(/[-:.TZ]/g, "")}_${randomUUID().slice(0, 8)}`;
    return this.transaction(
      (_tx, t) =>
        t.clerkSyncRun.create({
          data: { id, command, groups: [...groups], status: "running", fix },
        }) as Promise<RunRecord>,
    );
  }

  /** The latest run of `command` that never finished (crashed, killed, or failed). */
  unfinished(command: RunCommand): Promise<RunRecord | null> {
    return this.transaction(
      (_tx, t) =>
        t.clerkSyncRun.findFirst({
          where: { command, status: { in: ["running", "failed"] } },
          orderBy: { startedAt: "desc" },
        }) as Promise<RunRecord | null>,
    );
  }

  /** The latest finished run of `command`. */
  latest(command: RunCommand): Promise<RunRecord | null> {
    return this.transaction(
      (_tx, t) =>
        t.clerkSyncRun.findFirst({
          where: { command, status: "done" },
          orderBy: { startedAt: "desc" },
        }) as Promise<RunRecord | null>,
    );
  }

  /** Give up every unfinished run of `command`: it will not be resumed. */
  async abandon(command: RunCommand, reason: string): Promise<number> {
    return this.transaction(async (_tx, t) => {
      const runs = (await t.clerkSyncRun.findMany({
        where: { command, status: { in: ["running", "failed"] } },
        select: { id: true },
      })) as { id: string }[];
      for (const { id } of runs) await this.clear(t, id);
      await t.clerkSyncRun.updateMany({
        where: { id: { in: runs.map((r) => r.id) } },
        data: { status: "abandoned", lastError: reason, finishedAt: new Date() },
      });
      return runs.length;
    });
  }

  async finish(
    runId: string,
    outcome: { status: "done" | "failed"; result: unknown; drift: number | null; error?: string },
  ): Promise<void> {
    await this.transaction(async (_tx, t) => {
      if (outcome.status === "done") await this.clear(t, runId);

      await t.clerkSyncRun.update({
        where: { id: runId },
        data: {
          status: outcome.status,
          result: outcome.result as object,
          drift: outcome.drift,
          lastError: outcome.error ?? null,
          ...(outcome.status === "done" ? { finishedAt: new Date() } : {}),
        },
      });
    });
  }

  async loadStates(runId: string): Promise<Map<string, GroupState>> {
    const rows = (await this.transaction(async (_tx, t) =>
      t.clerkSyncCheckpoint.findMany({ where: { runId } }),
    )) as { group: string; state: GroupState }[];
    return new Map(rows.map((row) => [row.group, row.state]));
  }

  /** Save a group's state, inside the transaction that wrote what it records. */
  async save(t: RunTables, runId: string, group: ListableGroup, state: GroupState): Promise<void> {
    const data = {
      phase: state.phase,
      state: state as unknown as object,
      listed: state.counts.listed,
      written: state.counts.written,
      total: state.counts.total,
    };
    await t.clerkSyncCheckpoint.upsert({
      where: { runId_group: { runId, group } },
      create: { runId, group, ...data },
      update: data,
    });
  }

  /** Record ids seen in Clerk in this round (ids already recorded are skipped). */
  async markSeen(t: RunTables, runId: string, group: ListableGroup, ids: readonly string[]) {
    if (ids.length === 0) return;
    const known = (await t.clerkSyncSeen.findMany({
      where: { runId, group, id: { in: [...ids] } },
      select: { id: true },
    })) as { id: string }[];
    const skip = new Set(known.map((k) => k.id));
    const fresh = [...new Set(ids)].filter((id) => !skip.has(id));
    if (fresh.length > 0) {
      await t.clerkSyncSeen.createMany({ data: fresh.map((id) => ({ runId, group, id })) });
    }
  }

  /** Of `ids`, those not seen in this round. */
  async unseen(t: RunTables, runId: string, group: ListableGroup, ids: readonly string[]) {
    const seen = (await t.clerkSyncSeen.findMany({
      where: { runId, group, id: { in: [...ids] } },
      select: { id: true },
    })) as { id: string }[];
    const known = new Set(seen.map((s) => s.id));
    return ids.filter((id) => !known.has(id));
  }

  async forgetSeen(t: RunTables, runId: string, group: ListableGroup): Promise<void> {
    await t.clerkSyncSeen.deleteMany({ where: { runId, group } });
  }

  private async clear(t: RunTables, runId: string): Promise<void> {
    await t.clerkSyncSeen.deleteMany({ where: { runId } });
    await t.clerkSyncCheckpoint.deleteMany({ where: { runId } });
  }
}

/**
 * The latest finished run of a command, with its result: for a dashboard's Drift panel.
 *
 * @example
 * const last = await latestRun(prisma, "reconcile");
 * last?.drift // rows missing, stale or deleted in Clerk that it found and left
 */
export function latestRun(prisma: unknown, command: RunCommand): Promise<RunRecord | null> {
  return new RunStore(prisma as RunClient).latest(command);
}
