import { type ClerkApi, type ClerkApiOptions, clerkApi } from "../backfill/api.js";
import type { ListableGroup } from "../backfill/listable.js";
import { type ClerkObject, type Resource, rawOf } from "../backfill/sources.js";
import { syncObjects } from "../backfill/write.js";
import { ClerkSyncError, isClerkSyncError } from "../errors/index.js";
import { epochMs } from "../ledger/time.js";
import type {
  ClerkOrganizationMembershipRow,
  ClerkOrganizationRow,
  ClerkUserRow,
} from "../prisma/models.js";

export interface EnsureOptions {
  /**
   * The oldest version the caller can use (Clerk's `updated_at`, as a date or milliseconds): a
   * row older than this is fetched again. Without it, any row there is returned as it is.
   */
  minVersion?: Date | number;
}

export interface OnDemandSyncOptions {
  /** The app's Prisma client, with the models of the groups asked for. */
  prisma: unknown;
  /**
   * Clerk's Backend API: a client made with `clerkApi`, or its options. Default: `CLERK_SECRET_KEY`
   * and `CLERK_API_URL`, with retries short enough for a request path (a 5xx is tried twice, 200 ms
   * apart); a 429 is always waited out for as long as its `Retry-After` says.
   */
  api?: ClerkApi | ClerkApiOptions;
}

/** Rows of the synced models, fetched from Clerk when the database does not have them yet. */
export interface OnDemandSync {
  /**
   * The user's synced row. When there is none (the webhook has not arrived yet) or it is older
   * than `minVersion`, the user is read from Clerk's Backend API and written through the same
   * version-guarded sync as `user.created`, so the webhook arriving later is a no-op (same
   * version) or applies (newer). `null` when Clerk has no such user or the row is a tombstone.
   * Concurrent calls for one id in this process make one API request. Throws a `ClerkSyncError`
   * (`CLERK_API_UNAVAILABLE`, `CLERK_API_UNAUTHORIZED`, `CLERK_API_REQUEST_FAILED`,
   * `CLERK_SECRET_KEY_MISSING`) when Clerk cannot be read; nothing is written then.
   */
  ensureUser(userId: string, options?: EnsureOptions): Promise<ClerkUserRow | null>;
  /** As `ensureUser`, for an organization. */
  ensureOrganization(
    organizationId: string,
    options?: EnsureOptions,
  ): Promise<ClerkOrganizationRow | null>;
  /** As `ensureUser`, for a user's membership of an organization (its live row). */
  ensureMembership(
    membership: { organizationId: string; userId: string },
    options?: EnsureOptions,
  ): Promise<ClerkOrganizationMembershipRow | null>;
  /** The Backend API client, made on first use (its `stats` count the requests made). */
  api(): ClerkApi;
}

type Row = { id: string; syncVersion: Date; deletedAt: Date | null };
type Finder = {
  findUnique(args: { where: { id: string } }): PromiseLike<Row | null>;
  findFirst(args: object): PromiseLike<Row | null>;
};
type Client = {
  $transaction<T>(fn: (tx: Record<string, Finder>) => Promise<T>): Promise<T>;
  _activeProvider?: unknown;
} & Record<string, unknown>;

/** Retries for a request path: a person is waiting. 429s are waited out regardless. */
const REQUEST_PATH_RETRIES: ClerkApiOptions = {
  maxAttempts: 2,
  baseDelayMs: 200,
  maxDelayMs: 1_000,
};

/**
 * Fetch-on-miss for the synced user, organization and membership rows: the moment a user reaches
 * the app before `user.created` does.
 *
 * @example
 * import { createOnDemandSync } from "@acme/clerk-sync/on-demand";
 * export const onDemand = createOnDemandSync({ prisma });
 * const user = await onDemand.ensureUser(userId); // the row, written now if it was missing
 */
export function createOnDemandSync(options: OnDemandSyncOptions): OnDemandSync {
  const client = options.prisma as Client | undefined;
  if (!client || typeof client.$transaction !== "function") {
    throw new ClerkSyncError(
      "INVALID_OPTIONS",
      "createOnDemandSync: prisma must be a Prisma client generated from the kit's models.",
      { suggestion: "Pass the same client you give createClerkSync." },
    );
  }
  const db = client;
  let api: ClerkApi | undefined;
  const apiOf = (): ClerkApi => {
    if (!api) {
      const given = options.api;
      api =
        given && "call" in given
          ? given
          : clerkApi({ ...REQUEST_PATH_RETRIES, ...(given as ClerkApiOptions | undefined) });
    }
    return api;
  };
  // Plain reads are safe on a pool; SQLite's single connection may be inside another
  // transaction (see Ledger.isolated), so there every read runs in one of its own.
  const pooled = client._activeProvider === "postgresql";
  const read = <T>(fn: (tx: Record<string, Finder>) => PromiseLike<T>): Promise<T> =>
    pooled
      ? Promise.resolve(fn(db as unknown as Record<string, Finder>))
      : db.$transaction(async (tx) => fn(tx));
  const flights = new Map<string, Promise<Row | null>>();

  /**
   * One lookup per key at a time in this process: callers that arrive while one runs share its
   * answer, unless it is older than they asked for.
   */
  async function ensure(
    key: string,
    minVersion: EnsureOptions["minVersion"],
    run: (min: number | undefined) => Promise<Row | null>,
  ): Promise<Row | null> {
    const min = minVersion === undefined ? undefined : minVersionMs(minVersion);
    for (let round = 0; ; round++) {
      let flight = flights.get(key);
      if (!flight) {
        const started = run(min).finally(() => flights.delete(key));
        flights.set(key, started);
        flight = started;
      }
      const row = await flight;
      if (round > 0 || !row || row.deletedAt || fresh(row, min)) return row;
    }
  }

  /** The stored row if it will do, else Clerk's object written through the sync and read back. */
  async function lookup(
    group: ListableGroup,
    what: string,
    stored: (tx: Record<string, Finder>) => PromiseLike<Row | null>,
    fetch: (api: ClerkApi) => Promise<unknown>,
    min: number | undefined,
  ): Promise<Row | null> {
    const row = await read(stored);
    // A tombstone is final: Clerk never brings an id back.
    if (row?.deletedAt) return null;
    if (row && fresh(row, min)) return row;
    let resource: Resource | undefined;
    try {
      resource = (await fetch(apiOf())) as Resource | undefined;
    } catch (error) {
      throw asOnDemandError(error, what);
    }
    // Clerk has no such object (never had, or deleted it): nothing to write, nothing to return.
    if (!resource) return null;
    const object: ClerkObject = rawOf(group, resource);
    const written = await db.$transaction(async (tx) => {
      await syncObjects(tx, group, [object]);
      return stored(tx);
    });
    return written?.deletedAt ? null : written;
  }

  return {
    api: apiOf,
    async ensureUser(userId, options = {}) {
      assertId(userId, "ensureUser", "a user id (user_…)");
      return (await ensure(`user:${userId}`, options.minVersion, (min) =>
        lookup(
          "user",
          `user ${userId}`,
          (tx) => model(tx, "clerkUser").findUnique({ where: { id: userId } }),
          (api) =>
            api.call(`user ${userId}`, (c) => c.users.getUser(userId), { notFound: "undefined" }),
          min,
        ),
      )) as ClerkUserRow | null;
    },
    async ensureOrganization(organizationId, options = {}) {
      assertId(organizationId, "ensureOrganization", "an organization id (org_…)");
      return (await ensure(`organization:${organizationId}`, options.minVersion, (min) =>
        lookup(
          "organization",
          `organization ${organizationId}`,
          (tx) => model(tx, "clerkOrganization").findUnique({ where: { id: organizationId } }),
          (api) =>
            api.call(
              `organization ${organizationId}`,
              (c) => c.organizations.getOrganization({ organizationId, includeMembersCount: true }),
              { notFound: "undefined" },
            ),
          min,
        ),
      )) as ClerkOrganizationRow | null;
    },
    async ensureMembership({ organizationId, userId }, options = {}) {
      assertId(organizationId, "ensureMembership", "an organization id (org_…)");
      assertId(userId, "ensureMembership", "a user id (user_…)");
      return (await ensure(`membership:${organizationId}:${userId}`, options.minVersion, (min) =>
        lookup(
          "organizationMembership",
          `membership of ${userId} in ${organizationId}`,
          // Leaving and joining again makes a new membership: only a live row answers.
          (tx) =>
            model(tx, "clerkOrganizationMembership").findFirst({
              where: { organizationId, userId, deletedAt: null },
              orderBy: [{ syncVersion: "desc" }, { id: "asc" }],
            }),
          async (api) => {
            const list = await api.call(
              `membership of ${userId} in ${organizationId}`,
              (c) =>
                c.organizations.getOrganizationMembershipList({
                  organizationId,
                  userId: [userId],
                  limit: 1,
                }),
              { notFound: "undefined" },
            );
            return list?.data[0];
          },
          min,
        ),
      )) as ClerkOrganizationMembershipRow | null;
    },
  };
}

function model(tx: Record<string, Finder>, name: string): Finder {
  const delegate = tx[name];
  if (!delegate || typeof delegate.findUnique !== "function") {
    throw new ClerkSyncError(
      "SYNC_MODEL_MISSING",
      `The Prisma client has no "${name}" model, which on-demand sync reads and writes.`,
      {
        suggestion:
          "Add the group's models to your Prisma schema (pnpm plop webhook-event), migrate, and regenerate the client.",
      },
    );
  }
  return delegate;
}

function fresh(row: Row, min: number | undefined): boolean {
  return min === undefined || row.syncVersion.getTime() >= min;
}

function minVersionMs(value: Date | number): number {
  const ms = value instanceof Date ? value.getTime() : epochMs(value);
  if (ms === undefined || Number.isNaN(ms)) {
    throw new ClerkSyncError("INVALID_OPTIONS", `minVersion is not a time: ${String(value)}.`, {
      suggestion: "Pass a Date, or Clerk's updated_at in milliseconds.",
    });
  }
  return ms;
}

function assertId(id: unknown, fn: string, what: string): void {
  if (typeof id !== "string" || id.trim() === "") {
    throw new ClerkSyncError("INVALID_OPTIONS", `${fn} needs ${what}, got ${JSON.stringify(id)}.`, {
      suggestion: "Pass the id from auth() or from Clerk's objects.",
    });
  }
}

/** The API client's errors, with advice for a request path rather than a backfill run. */
function asOnDemandError(error: unknown, what: string): unknown {
  if (!isClerkSyncError(error)) return error;
  if (error.code !== "CLERK_API_UNAVAILABLE") return error;
  return new ClerkSyncError(error.code, `Could not read ${what} from Clerk: ${error.message}`, {
    cause: error,
    suggestion:
      "Nothing was written. Answer the request with a retry-later page (or wait for the webhook), and try again shortly.",
  });
}
