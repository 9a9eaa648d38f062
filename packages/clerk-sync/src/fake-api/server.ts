import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ListableGroup } from "../backfill/listable.js";
import type { ListOrder } from "../backfill/sources.js";
import { type ClerkObject, type FakeInstanceData, type SeedOptions, seedInstance } from "./seed.js";
import { FakeClerkStore } from "./store.js";

/** One request the fake answered. */
export interface FakeRequest {
  /** 1, 2, 3, … in arrival order. */
  seq: number;
  method: string;
  /** Without the `/v1` prefix, e.g. `/users` or `/organizations/org_…/domains`. */
  path: string;
  query: URLSearchParams;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** Filled in once answered. */
  status?: number;
  /** Set when an injected fault answered it. */
  fault?: string;
}

/**
 * A failure to inject. Requests matching `path` (all by default) are answered with `status`
 * instead of their data, `times` times (default 1), after letting `skip` matching requests
 * through (default 0). A 429 carries `Retry-After: retryAfter` (seconds, default 1).
 */
export interface FaultRule {
  status: number;
  path?: string | RegExp;
  times?: number;
  skip?: number;
  retryAfter?: number;
}

export interface FakeClerkApiOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The secret key requests must carry as `Authorization: Bearer …`. Default a fixed sk_test_ key. */
  secretKey?: string;
  /** What the instance holds: a seed for `seedInstance`, the data itself, or `false` for nothing. */
  seed?: SeedOptions | FakeInstanceData | false;
  /** Delay every response by this many ms. */
  latencyMs?: number;
  /**
   * Answer 429 with `Retry-After` past this many requests per window, as Clerk does (Clerk's own
   * limits: 100 per 10 s for development instances, 1000 per 10 s in production). Off by default.
   */
  rateLimit?: { requests: number; windowMs: number };
}

/** A running fake of Clerk's Backend API. */
export interface FakeClerkApi {
  /** The origin to give `createClerkClient({ apiUrl })` (the client adds `/v1`). */
  readonly url: string;
  readonly secretKey: string;
  /** The instance's data: read it, change it (mid-run updates and deletions), reseed it. */
  readonly store: FakeClerkStore;
  /** Every request so far, in order. */
  readonly requests: readonly FakeRequest[];
  /** Requests answered, by status code. */
  counts(): Record<number, number>;
  /** Queue a failure (see `FaultRule`). */
  inject(rule: FaultRule): void;
  /** Drop the failures not yet used. */
  clearFaults(): void;
  /** Delay every response by `ms` from now on (0 for none). */
  setLatency(ms: number): void;
  /**
   * Called for every request before it is answered, so a test can change the data mid-run (the
   * change shows in that very response). Returns a function that removes the listener.
   */
  onRequest(listener: (request: FakeRequest) => void): () => void;
  /** Replace the data with a fresh seed (or the data given). */
  seed(seed: SeedOptions | FakeInstanceData): void;
  stop(): Promise<void>;
}

export const FAKE_SECRET_KEY = "sk_test_fakeClerkBackendApiKey0000000000000000";

const MAX_LOG = 100_000;

/**
 * Start a fake of Clerk's Backend API on a local port: the list endpoints a backfill and a
 * reconcile use, paginated as Clerk paginates (`limit` 1–500, default 10; `offset`; `order_by`
 * on `created_at`, newest first by default; bare arrays plus `/users/count` for users,
 * `{ data, total_count }` for the rest), the lookups by id, Clerk's error bodies, and failures
 * on demand. The real `@clerk/backend` client talks to it:
 *
 * @example
 * const api = await startFakeClerkApi({ seed: { users: 100, organizations: 5 } });
 * const clerk = createClerkClient({ secretKey: api.secretKey, apiUrl: api.url });
 * const { data, totalCount } = await clerk.users.getUserList({ limit: 500 });
 * api.inject({ status: 429, retryAfter: 1, path: "/users" });
 * await api.stop();
 */
export async function startFakeClerkApi(options: FakeClerkApiOptions = {}): Promise<FakeClerkApi> {
  const secretKey = options.secretKey ?? FAKE_SECRET_KEY;
  const store = new FakeClerkStore(dataOf(options.seed ?? {}));
  const requests: FakeRequest[] = [];
  const statusCounts: Record<number, number> = {};
  const listeners = new Set<(request: FakeRequest) => void>();
  let faults: (FaultRule & { used: number; seen: number })[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let seq = 0;
  const window: number[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const record: FakeRequest = {
      seq: ++seq,
      method: req.method ?? "GET",
      path: url.pathname.replace(/^\/v1(?=\/)/, ""),
      query: url.searchParams,
      at: Date.now(),
    };
    requests.push(record);
    if (requests.length > MAX_LOG) requests.splice(0, requests.length - MAX_LOG);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      const write = () =>
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(body);
      if (latencyMs > 0) setTimeout(write, latencyMs);
      else write();
    };
    try {
      for (const listener of listeners) listener(record);
      const fault = takeFault(record);
      if (fault) {
        record.fault = `${fault.status}`;
        const retry: Record<string, string> =
          fault.status === 429 ? { "retry-after": String(fault.retryAfter ?? 1) } : {};
        return send(fault.status, errorBody(fault.status, "injected failure"), retry);
      }
      if (options.rateLimit && limited(options.rateLimit)) {
        const retryAfter = Math.ceil(options.rateLimit.windowMs / 1000);
        return send(429, errorBody(429, "Too many requests"), {
          "retry-after": String(retryAfter),
        });
      }
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        return send(401, errorBody(401, "The secret key is missing or not this instance's"));
      }
      if (record.method !== "GET") {
        return send(405, errorBody(405, `The fake answers GET only, not ${record.method}`));
      }
      const answer = route(store, record.path, url.searchParams);
      send(answer.status, answer.body);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      send(status, errorBody(status, error instanceof Error ? error.message : String(error)));
    }
  });

  function takeFault(record: FakeRequest) {
    for (const fault of faults) {
      if (!matches(fault.path, record.path)) continue;
      if (fault.seen++ < (fault.skip ?? 0)) continue;
      if (fault.used >= (fault.times ?? 1)) continue;
      fault.used++;
      return fault;
    }
    return undefined;
  }

  function limited({ requests: max, windowMs }: { requests: number; windowMs: number }) {
    const now = Date.now();
    while (window.length > 0 && (window[0] as number) <= now - windowMs) window.shift();
    if (window.length >= max) return true;
    window.push(now);
    return false;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    secretKey,
    store,
    requests,
    counts: () => ({ ...statusCounts }),
    inject(rule) {
      faults.push({ ...rule, used: 0, seen: 0 });
    },
    clearFaults() {
      faults = [];
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    seed(seed) {
      store.load(dataOf(seed));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function dataOf(seed: SeedOptions | FakeInstanceData | false): Partial<FakeInstanceData> {
  if (seed === false) return {};
  return "user" in seed && Array.isArray(seed.user)
    ? (seed as FakeInstanceData)
    : seedInstance(seed as SeedOptions);
}

function matches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === "string"
    ? path === pattern || path.startsWith(`${pattern}/`) || path.startsWith(`${pattern}?`)
    : pattern.test(path);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const CODES: Record<number, string> = {
  401: "authentication_invalid",
  404: "resource_not_found",
  405: "method_not_allowed",
  422: "form_param_value_invalid",
  429: "too_many_requests",
};

/** An error body as Clerk's Backend API sends one. */
function errorBody(status: number, message: string): string {
  return JSON.stringify({
    errors: [{ message, long_message: message, code: CODES[status] ?? "internal_clerk_error" }],
    clerk_trace_id: `fake-${status}`,
  });
}

interface Answer {
  status: number;
  body: string;
}

/** The endpoints, as `[pattern, handler]`; a pattern's groups are the path's ids. */
const ROUTES: [RegExp, (store: FakeClerkStore, q: URLSearchParams, ...ids: string[]) => Answer][] =
  [
    [
      /^\/users$/,
      (s, q) => array(s, page(s, filtered(s.list("user", order(q)), "id", q.getAll("user_id")), q)),
    ],
    [
      /^\/users\/count$/,
      (s, q) =>
        ok(
          JSON.stringify({
            object: "total_count",
            total_count: filtered(s.list("user"), "id", q.getAll("user_id")).length,
          }),
        ),
    ],
    [/^\/users\/([^/]+)$/, (s, _q, id) => one(s, s.get("user", id))],
    [
      /^\/organizations$/,
      (s, q) =>
        paginated(
          s,
          page(s, filtered(s.list("organization", order(q)), "id", q.getAll("organization_id")), q),
          organizationView(q),
        ),
    ],
    [/^\/organizations\/([^/]+)$/, (s, q, id) => one(s, organization(s, id), organizationView(q))],
    [
      /^\/organizations\/([^/]+)\/memberships$/,
      (s, q, id) =>
        paginated(
          s,
          page(
            s,
            filteredBy(
              ofOrganization(s, "organizationMembership", id, order(q)),
              (m) => userIdOf(m),
              q.getAll("user_id"),
            ),
            q,
          ),
        ),
    ],
    [
      /^\/organizations\/([^/]+)\/invitations$/,
      (s, q, id) =>
        paginated(
          s,
          page(
            s,
            filtered(
              ofOrganization(s, "organizationInvitation", id, order(q, "desc")),
              "status",
              q.getAll("status"),
            ),
            q,
          ),
        ),
    ],
    [
      /^\/organizations\/([^/]+)\/invitations\/([^/]+)$/,
      (s, _q, org, id) =>
        one(s, scopedTo(s.get("organizationInvitation", id), organization(s, org))),
    ],
    [
      /^\/organizations\/([^/]+)\/domains$/,
      (s, q, id) =>
        paginated(s, page(s, ofOrganization(s, "organizationDomain", id, order(q, "desc")), q)),
    ],
    [
      /^\/organization_memberships$/,
      (s, q) => paginated(s, page(s, s.list("organizationMembership", order(q)), q)),
    ],
    [/^\/invitations$/, (s, q) => invitations(s, q)],
    [
      /^\/waitlist_entries$/,
      (s, q) =>
        paginated(
          s,
          page(
            s,
            searched(
              filtered(s.list("waitlistEntry", order(q)), "status", q.getAll("status")),
              q.get("query"),
            ),
            q,
          ),
        ),
    ],
    [/^\/organization_roles$/, (s, q) => paginated(s, page(s, s.list("role", order(q)), q))],
    [/^\/organization_roles\/([^/]+)$/, (s, _q, id) => one(s, s.get("role", id))],
    [
      /^\/organization_permissions$/,
      (s, q) => paginated(s, page(s, s.list("permission", order(q)), q)),
    ],
    [/^\/organization_permissions\/([^/]+)$/, (s, _q, id) => one(s, s.get("permission", id))],
  ];

function route(store: FakeClerkStore, path: string, query: URLSearchParams): Answer {
  for (const [pattern, handler] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return handler(store, query, ...match.slice(1).map(decodeURIComponent));
  }
  throw new HttpError(404, `The fake Clerk API has no endpoint ${path}`);
}

function ok(body: string): Answer {
  return { status: 200, body };
}

/** `order_by` on created_at (`+`/no sign ascending, `-` descending); other fields are refused. */
function order(query: URLSearchParams, fallback: ListOrder = "desc"): ListOrder {
  const value = query.get("order_by");
  if (value === null) return fallback;
  const field = value.replace(/^[+-]/, "");
  if (field !== "created_at") {
    throw new HttpError(422, `The fake Clerk API orders by created_at only, not "${field}"`);
  }
  return value.startsWith("-") ? "desc" : "asc";
}

/** The window `limit` and `offset` select, validated as Clerk validates them. */
function page(
  _store: FakeClerkStore,
  objects: readonly ClerkObject[],
  query: URLSearchParams,
): { objects: readonly ClerkObject[]; total: number } {
  const limit = integer(query, "limit", 10);
  const offset = integer(query, "offset", 0);
  if (limit < 1 || limit > 500) throw new HttpError(422, "limit must be between 1 and 500");
  if (offset < 0) throw new HttpError(422, "offset must be 0 or more");
  return { objects: objects.slice(offset, offset + limit), total: objects.length };
}

function integer(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(422, `${name} must be an integer`);
  return Number(raw);
}

type View = (object: ClerkObject) => ClerkObject;

function array(store: FakeClerkStore, { objects }: { objects: readonly ClerkObject[] }): Answer {
  return ok(`[${objects.map((o) => store.json(o)).join(",")}]`);
}

function paginated(
  store: FakeClerkStore,
  { objects, total }: { objects: readonly ClerkObject[]; total: number },
  view?: View,
): Answer {
  const items = objects.map((o) => (view ? JSON.stringify(view(o)) : store.json(o)));
  return ok(`{"data":[${items.join(",")}],"total_count":${total}}`);
}

function one(store: FakeClerkStore, object: ClerkObject | undefined, view?: View): Answer {
  if (!object) throw new HttpError(404, "Resource not found");
  return ok(view ? JSON.stringify(view(object)) : store.json(object));
}

function filtered(objects: readonly ClerkObject[], field: string, values: string[]) {
  return values.length === 0 ? objects : objects.filter((o) => values.includes(String(o[field])));
}

function filteredBy(
  objects: readonly ClerkObject[],
  of: View | ((o: ClerkObject) => unknown),
  values: string[],
) {
  return values.length === 0 ? objects : objects.filter((o) => values.includes(String(of(o))));
}

/** `query` matches an id exactly or an email address in part, as Clerk's list filters do. */
function searched(objects: readonly ClerkObject[], query: string | null) {
  if (!query) return objects;
  const needle = query.toLowerCase();
  return objects.filter(
    (o) =>
      o.id === query ||
      String(o.email_address ?? "")
        .toLowerCase()
        .includes(needle),
  );
}

function userIdOf(membership: ClerkObject): unknown {
  return (membership.public_user_data as { user_id?: unknown } | undefined)?.user_id;
}

function organization(store: FakeClerkStore, idOrSlug: string): ClerkObject | undefined {
  return (
    store.get("organization", idOrSlug) ??
    store.list("organization").find((o) => o.slug === idOrSlug)
  );
}

function ofOrganization(
  store: FakeClerkStore,
  group: ListableGroup,
  idOrSlug: string,
  listOrder: ListOrder,
): readonly ClerkObject[] {
  const org = organization(store, idOrSlug);
  if (!org) throw new HttpError(404, "Organization not found");
  const objects = store.listOfOrganization(group, org.id);
  return listOrder === "asc" ? objects : [...objects].reverse();
}

function scopedTo(object: ClerkObject | undefined, org: ClerkObject | undefined) {
  return object && org && object.organization_id === org.id ? object : undefined;
}

/** Clerk counts members only when asked (`include_members_count=true`). */
function organizationView(query: URLSearchParams): View | undefined {
  if (query.get("include_members_count") === "true") return undefined;
  return ({ members_count: _m, pending_invitations_count: _p, ...rest }) => rest as ClerkObject;
}

/** Invitations: revoked ones only when asked for by status; a bare array unless `paginated`. */
function invitations(store: FakeClerkStore, query: URLSearchParams): Answer {
  const status = query.get("status");
  const listed = store
    .list("invitation", order(query))
    .filter((o) => (status ? o.status === status : o.status !== "revoked"));
  const selected = page(store, searched(listed, query.get("query")), query);
  return query.get("paginated") === "true" ? paginated(store, selected) : array(store, selected);
}
