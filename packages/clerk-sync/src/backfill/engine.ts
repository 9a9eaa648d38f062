import type { EventGroup } from "../catalog/index.js";
import { ClerkSyncError, describeError } from "../errors/index.js";
import type { ApiStats, ApiWait, ClerkApi, ClerkApiOptions } from "./api.js";
import { clerkApi } from "./api.js";
import {
  inBackfillOrder,
  isListableGroup,
  LISTABLE_GROUPS,
  type ListableGroup,
  NOT_LISTABLE,
} from "./listable.js";
import {
  emptyCounts,
  type GroupCounts,
  type GroupState,
  type RunClient,
  type RunCommand,
  RunStore,
  runTables,
} from "./runs.js";
import { type ClerkObject, SOURCES } from "./sources.js";
import { walk } from "./walk.js";
import { canTombstone, syncDeletions, syncObjects, syncPage, versionOf } from "./write.js";

export interface SyncRunOptions {
  /** The app's Prisma client, generated from a schema with the kit's models. */
  prisma: unknown;
  /** A client from `clerkApi()`, or the options to make one (default: from the environment). */
  api?: ClerkApi | ClerkApiOptions;
  /** Default: every listable group. Groups that cannot be listed are refused with the reason. */
  groups?: readonly EventGroup[];
  /** Objects per request, 2 to 500 (Clerk's maximum). Default 500. */
  pageSize?: number;
  /** Called after every page, and for every wait on Clerk. */
  onProgress?: (progress: RunProgress) => void;
  /** Stops the run between pages; what was written stays, and a backfill can be resumed. */
  signal?: AbortSignal;
}

export interface BackfillOptions extends SyncRunOptions {
  /** Continue the latest interrupted backfill from its checkpoint. Starts a new one if none. */
  resume?: boolean;
  /**
   * After writing, compare the database with Clerk again and fix what changed meanwhile (rows
   * deleted or updated in Clerk after the backfill read them), until a pass finds nothing or
   * `maxRounds` passes ran. Default true.
   */
  verify?: boolean;
  /** Default 3. */
  maxRounds?: number;
}

export interface ReconcileOptions extends SyncRunOptions {
  /** Write missing and stale rows and tombstone rows gone from Clerk, through the sync. */
  fix?: boolean;
}

export type RunPhase = "list" | "verify" | "sweep";

export interface RunProgress {
  command: RunCommand;
  runId: string;
  group: ListableGroup;
  /** 0-based place of the group in the run, of `groupCount`. */
  groupIndex: number;
  groupCount: number;
  phase: RunPhase;
  round: number;
  /** The group's counts so far. */
  counts: GroupCounts;
  /** Objects read in the current pass, and the listing's total where known. */
  done: number;
  total: number | null;
  api: ApiStats;
  /** Set when the run is waiting on Clerk (429 or a failure). */
  wait?: ApiWait;
}

export interface GroupReport extends GroupCounts {
  group: ListableGroup;
  /** Comparing passes run (backfill's verify, or reconcile's one). */
  rounds: number;
  durationMs: number;
}

export interface RunReport {
  runId: string;
  command: RunCommand;
  /** Whether it continued an interrupted run. */
  resumed: boolean;
  /** Whether it wrote what it found (backfill always; reconcile with `fix`). */
  fix: boolean;
  groups: GroupReport[];
  /** Listed groups with drift left as it was (reconcile without fix), or found in the last pass. */
  drift: number;
  /** Groups asked for that cannot be listed, and why. */
  notListable: { group: EventGroup; reason: string }[];
  api: ApiStats;
  startedAt: Date;
  durationMs: number;
}

const SAMPLES = 10;

/**
 * Bring the database up to date with Clerk's Backend API: list every object of each group and
 * write it through the same version-guarded sync the webhooks use (so webhooks arriving
 * meanwhile are neither lost nor overwritten), then compare again and fix what changed during
 * the run. Pages are written in one transaction each, with a checkpoint, so a crashed run
 * continues with `resume: true`; memory stays bounded whatever the instance's size. Your hooks
 * do not run for backfilled objects.
 *
 * @example
 * import { backfill } from "@acme/clerk-sync/backfill";
 * const report = await backfill({ prisma, groups: ["user", "organization", "organizationMembership"] });
 */
export function backfill(options: BackfillOptions): Promise<RunReport> {
  return run("backfill", options);
}

/**
 * Compare the database with Clerk's Backend API, group by group: rows missing here, rows older
 * than Clerk's, and rows alive here but deleted in Clerk. With `fix`, write the missing and stale
 * ones through the sync and tombstone the deleted ones. The result is recorded (the latest
 * reconcile is what a dashboard shows).
 *
 * @example
 * const report = await reconcile({ prisma, fix: false });
 * if (report.drift > 0) process.exitCode = 1;
 */
export function reconcile(options: ReconcileOptions): Promise<RunReport> {
  return run("reconcile", options);
}

async function run(
  command: RunCommand,
  options: BackfillOptions & ReconcileOptions,
): Promise<RunReport> {
  const started = new Date();
  const { groups, notListable } = chooseGroups(options.groups);
  const client = options.prisma as RunClient;
  runTables(client);
  const store = new RunStore(client);
  let notify: (wait: ApiWait) => void = () => {};
  const api: ClerkApi =
    options.api && "call" in options.api
      ? options.api
      : clerkApi({
          ...(options.api as ClerkApiOptions | undefined),
          ...(options.signal ? { signal: options.signal } : {}),
          onWait: (wait) => {
            (options.api as ClerkApiOptions | undefined)?.onWait?.(wait);
            notify(wait);
          },
        });
  const fix = command === "backfill" || options.fix === true;

  let record = command === "backfill" && options.resume ? await store.unfinished(command) : null;
  const resumed = record !== null;
  let runGroups = groups;
  if (record) {
    runGroups = inBackfillOrder((record.groups as string[]).filter(isListableGroup));
  } else {
    // An earlier run that never finished will not be resumed: drop its checkpoints.
    await store.abandon(
      command,
      command === "backfill"
        ? "a new backfill started without --resume"
        : "a new reconcile started",
    );
    record = await store.start(command, groups, fix);
  }
  const runId = record.id;
  const states = resumed ? await store.loadStates(runId) : new Map<string, GroupState>();
  const verify = command === "reconcile" || options.verify !== false;
  const maxRounds = command === "backfill" ? (options.maxRounds ?? 3) : 1;
  const groupRuns = runGroups.map((group, groupIndex) => {
    const state = states.get(group) ?? freshState(command);
    const progress = (phase: RunPhase, done: number, total: number | null, wait?: ApiWait) =>
      options.onProgress?.({
        command,
        runId,
        group,
        groupIndex,
        groupCount: runGroups.length,
        phase,
        round: state.round,
        counts: state.counts,
        done,
        total,
        api: api.stats,
        ...(wait ? { wait } : {}),
      });
    const runner = new GroupRun({
      command,
      store,
      api,
      runId,
      group,
      state,
      pageSize: options.pageSize,
      signal: options.signal,
      progress,
    });
    return { group, state, runner, progress, ms: 0 };
  });
  type GroupRunOf = (typeof groupRuns)[number];
  const timed = async <T>(run: GroupRunOf, work: () => Promise<T>): Promise<T> => {
    notify = (wait) => run.progress(run.state.phase === "list" ? "list" : "verify", 0, null, wait);
    const started = performance.now();
    try {
      return await work();
    } finally {
      run.ms += performance.now() - started;
    }
  };
  const reports = () =>
    groupRuns.map(
      (r): GroupReport => ({
        group: r.group,
        ...r.state.counts,
        rounds: r.state.round,
        durationMs: Math.round(r.ms),
      }),
    );
  try {
    // The writing passes first, then the comparing passes over every group at once, so that a
    // change made in Clerk while any group was being written is found.
    for (const run of groupRuns) {
      if (run.state.phase === "list") await timed(run, () => run.runner.list(verify));
    }
    for (;;) {
      const active = groupRuns.filter((r) => r.state.phase === "verify");
      if (active.length === 0) break;
      const round = Math.min(...active.map((r) => r.state.round));
      let found = 0;
      for (const run of active.filter((r) => r.state.round === round)) {
        found += await timed(run, () => run.runner.verifyRound(fix));
      }
      const last = found === 0 || round >= maxRounds;
      for (const run of active) {
        if (last || run.state.round === round) await run.runner.endRound(last);
      }
    }
  } catch (error) {
    await store
      .finish(runId, {
        status: "failed",
        result: { groups: reports() },
        drift: null,
        error: describeError(error),
      })
      .catch(() => {});
    throw error;
  }
  const groupReports = reports();
  const drift = groupReports.reduce(
    (n, r) => n + (fix ? r.unfixable : r.missing + r.stale + r.deleted),
    0,
  );
  const report: RunReport = {
    runId,
    command,
    resumed,
    fix,
    groups: groupReports,
    drift,
    notListable,
    api: { ...api.stats },
    startedAt: started,
    durationMs: Date.now() - started.getTime(),
  };
  await store.finish(runId, {
    status: "done",
    result: { ...report, startedAt: started.toISOString() },
    drift,
  });
  return report;
}

function freshState(command: RunCommand): GroupState {
  return command === "backfill"
    ? { phase: "list", round: 0, listings: {}, counts: emptyCounts() }
    : { phase: "verify", round: 1, listings: {}, counts: emptyCounts() };
}

/** The listable groups asked for, in backfill order; the others with their reason. */
function chooseGroups(asked: readonly EventGroup[] | undefined) {
  if (asked === undefined) return { groups: [...LISTABLE_GROUPS], notListable: [] };
  const unknown = asked.filter((g) => !isListableGroup(g) && !Object.hasOwn(NOT_LISTABLE, g));
  if (unknown.length > 0) {
    throw new ClerkSyncError("INVALID_OPTIONS", `Not event groups: ${unknown.join(", ")}.`, {
      suggestion: `The groups Clerk can list: ${LISTABLE_GROUPS.join(", ")}.`,
    });
  }
  const groups = inBackfillOrder(asked.filter(isListableGroup));
  const notListable = asked
    .filter((g): g is Exclude<EventGroup, ListableGroup> => !isListableGroup(g))
    .map((group) => ({ group, reason: NOT_LISTABLE[group] }));
  if (groups.length === 0) {
    throw new ClerkSyncError(
      "GROUP_NOT_LISTABLE",
      `None of ${asked.join(", ")} can be listed from Clerk's Backend API: ${notListable.map((n) => n.reason).join(" ")}`,
      { suggestion: `The groups Clerk can list: ${LISTABLE_GROUPS.join(", ")}.` },
    );
  }
  return { groups, notListable };
}

interface GroupRunContext {
  command: RunCommand;
  store: RunStore;
  api: ClerkApi;
  runId: string;
  group: ListableGroup;
  state: GroupState;
  pageSize: number | undefined;
  signal: AbortSignal | undefined;
  progress: (phase: RunPhase, done: number, total: number | null) => void;
}

type Delegate = { findMany(args: object): PromiseLike<unknown> };
type StoredRow = { id: string; raw: unknown; syncVersion: Date };

/** One group of a run: its writing pass, its comparing passes, its sweep for deletions. */
class GroupRun {
  private readonly source;
  private savedAt = 0;
  constructor(private readonly ctx: GroupRunContext) {
    this.source = SOURCES[ctx.group];
  }

  /**
   * Read every object and write it through the sync, a page per transaction with the
   * checkpoint. `verify` decides whether comparing passes follow.
   */
  async list(verify: boolean): Promise<void> {
    const { store, runId, group, state } = this.ctx;
    for (const listing of this.source.listings) {
      let done = 0;
      for await (const page of walk(this.ctx.api, listing, this.walkOptions(listing.name))) {
        this.checkAborted();
        state.listings[listing.name] = page.position;
        state.counts.listed += page.objects.length;
        state.counts.written += page.objects.length;
        if (page.totalCount !== undefined) state.counts.total = page.totalCount;
        done += page.objects.length;
        if (this.skipSave(page.objects.length)) continue;
        await syncPage(
          (write) =>
            store.transaction(async (tx, tables) => {
              // The checkpoint first: on SQLite the transaction then holds the write lock from
              // its first statement, so the page's reads and inserts see no other writer.
              await store.save(tables, runId, group, state);
              await write(tx);
            }),
          group,
          page.objects,
        );
        this.ctx.progress("list", done, listing.perOrganization ? null : state.counts.total);
      }
      state.listings[listing.name] = { done: true };
    }
    state.phase = verify ? "verify" : "done";
    state.round = verify ? 1 : 0;
    state.listings = {};
    await store.transaction(async (_tx, tables) => {
      await store.forgetSeen(tables, runId, group);
      await store.save(tables, runId, group, state);
    });
  }

  /**
   * One comparing pass: each listed object against its row, then each live row Clerk did not
   * list against Clerk itself. Returns the drift it found that a fix can act on.
   */
  async verifyRound(fix: boolean): Promise<number> {
    await this.compare(fix);
    await this.sweep(fix);
    return this.ctx.state.roundDrift ?? 0;
  }

  /** After a pass over every group: another pass (Clerk may have changed meanwhile), or done. */
  async endRound(last: boolean): Promise<void> {
    const { store, runId, group, state } = this.ctx;
    if (last) {
      state.phase = "done";
    } else {
      state.round++;
      state.roundDrift = 0;
      state.listings = {};
      delete state.sweep;
    }
    await store.transaction(async (_tx, tables) => {
      await store.forgetSeen(tables, runId, group);
      await store.save(tables, runId, group, state);
    });
  }

  /** Each listed object against its row: missing, older, or in step. */
  private async compare(fix: boolean): Promise<void> {
    const { store, runId, group, state, command } = this.ctx;
    for (const listing of this.source.listings) {
      let done = 0;
      for await (const page of walk(this.ctx.api, listing, this.walkOptions(listing.name))) {
        this.checkAborted();
        state.listings[listing.name] = page.position;
        if (page.totalCount !== undefined) state.counts.total = page.totalCount;
        if (command === "reconcile") state.counts.listed += page.objects.length;
        done += page.objects.length;
        if (this.skipSave(page.objects.length)) continue;
        await store.transaction(async (tx, tables) => {
          const ids = page.objects.map((o) => o.id);
          const rows = await this.versions(tx, ids);
          const drifted: ClerkObject[] = [];
          for (const object of page.objects) {
            const version = rows.get(object.id);
            if (version === undefined) this.found("missing", object.id);
            else if (version < versionOf(object)) this.found("stale", object.id);
            else continue;
            drifted.push(object);
          }
          if (fix && drifted.length > 0) {
            await syncObjects(tx, group, drifted);
            state.counts.written += drifted.length;
          }
          await store.markSeen(tables, runId, group, ids);
          await store.save(tables, runId, group, state);
        });
        this.ctx.progress("verify", done, listing.perOrganization ? null : state.counts.total);
      }
      state.listings[listing.name] = { done: true };
    }
  }

  /**
   * Live rows Clerk did not list in this pass, 500 at a time by id: ask Clerk about each. Gone:
   * deleted in Clerk (tombstoned with `fix`). Still there: created after the pass went by, or
   * moved in the list; written if older.
   */
  private async sweep(fix: boolean): Promise<void> {
    const { store, runId, group, state, api } = this.ctx;
    let checked = 0;
    while (state.sweep !== true) {
      this.checkAborted();
      const after = state.sweep;
      const batch = await store.transaction(async (tx, tables) => {
        const live = (await this.delegate(tx).findMany({
          where: { deletedAt: null, ...(after ? { id: { gt: after } } : {}) },
          orderBy: { id: "asc" },
          take: 500,
          select: { id: true },
        })) as { id: string }[];
        const unseen = await store.unseen(
          tables,
          runId,
          group,
          live.map((r) => r.id),
        );
        const rows =
          unseen.length === 0
            ? []
            : ((await this.delegate(tx).findMany({
                where: { id: { in: unseen } },
                select: { id: true, raw: true, syncVersion: true },
              })) as StoredRow[]);
        return { rows, next: live.length === 500 ? (live.at(-1)?.id ?? true) : (true as const) };
      });
      const alive = batch.rows.length > 0 ? await this.source.lookup(api, batch.rows) : new Map();
      const gone = batch.rows.filter((r) => !alive.has(r.id));
      const stale: ClerkObject[] = [];
      for (const row of batch.rows) {
        const object = alive.get(row.id);
        if (object && row.syncVersion.getTime() < versionOf(object)) stale.push(object);
      }
      // Rows no sync can tombstone are found again by every pass; they count once.
      const counted = canTombstone(group) || state.round <= 1 ? gone : [];
      for (const object of stale) this.found("stale", object.id);
      for (const row of counted) this.found("deleted", row.id);
      state.sweep = batch.next;
      await store.transaction(async (tx, tables) => {
        if (fix) {
          await syncObjects(tx, group, stale);
          state.counts.written += stale.length;
          const tombstoned = await syncDeletions(tx, group, gone);
          state.counts.unfixable += counted.length - Math.min(tombstoned, counted.length);
        }
        await store.save(tables, runId, group, state);
      });
      checked += batch.rows.length;
      this.ctx.progress("sweep", checked, null);
    }
  }

  /**
   * Whether to skip committing a page with nothing in it (an organization without domains, say):
   * its position is saved with the next page, or a second later at most. Each commit costs a
   * disk flush, and a crash then only repeats a second's worth of empty pages.
   */
  private skipSave(objects: number): boolean {
    const now = performance.now();
    if (objects === 0 && now - this.savedAt < 1_000) return true;
    this.savedAt = now;
    return false;
  }

  private found(kind: "missing" | "stale" | "deleted", id: string): void {
    const { counts } = this.ctx.state;
    counts[kind]++;
    if (kind !== "deleted" || canTombstone(this.ctx.group)) {
      this.ctx.state.roundDrift = (this.ctx.state.roundDrift ?? 0) + 1;
    }
    if (counts.samples[kind].length < SAMPLES) counts.samples[kind].push(id);
  }

  /** The version each of these ids' rows holds, in ms; tombstones included. */
  private async versions(tx: unknown, ids: string[]): Promise<Map<string, number>> {
    const rows = (await this.delegate(tx).findMany({
      where: { id: { in: ids } },
      select: { id: true, syncVersion: true },
    })) as { id: string; syncVersion: Date }[];
    return new Map(rows.map((r) => [r.id, r.syncVersion.getTime()]));
  }

  private delegate(tx: unknown): Delegate {
    return (tx as Record<string, Delegate>)[this.source.model] as Delegate;
  }

  private walkOptions(name: string) {
    const from = this.ctx.state.listings[name];
    return {
      ...(this.ctx.pageSize ? { limit: this.ctx.pageSize } : {}),
      ...(from ? { from } : {}),
    };
  }

  private checkAborted(): void {
    this.ctx.signal?.throwIfAborted();
  }
}
