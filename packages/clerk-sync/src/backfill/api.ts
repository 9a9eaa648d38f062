import { createClerkClient } from "@clerk/backend";
import { clerkApiFromEnv } from "../env.js";
import { ClerkSyncError, describeError } from "../errors/index.js";

export type ClerkClient = ReturnType<typeof createClerkClient>;

/** Clerk's documented Backend API limits, per secret key, per 10 seconds. */
export const CLERK_RATE_LIMITS = { production: 1000, development: 100 } as const;

export interface ClerkApiOptions {
  /** Default: `CLERK_SECRET_KEY`. */
  secretKey?: string;
  /** Default: `CLERK_API_URL`, else Clerk's (`https://api.clerk.com`). */
  apiUrl?: string;
  /**
   * Requests per 10 seconds never to exceed. Default: 90% of Clerk's limit for the key's kind of
   * instance, 900 for a production key (`sk_live_…`), 90 otherwise.
   */
  requestsPer10s?: number;
  /** Attempts of one request that fails with a 5xx or no answer, before giving up. Default 8. */
  maxAttempts?: number;
  /** First wait after such a failure, doubled each time up to `maxDelayMs`. Default 500 ms. */
  baseDelayMs?: number;
  /** Default 30 s. */
  maxDelayMs?: number;
  /** Told about every wait: a 429's `Retry-After`, or a backoff after a failure. */
  onWait?: (wait: ApiWait) => void;
  /** Stops waiting and fails the call. */
  signal?: AbortSignal;
}

export interface ApiWait {
  reason: "rate-limited" | "server-error";
  /** What was being fetched, e.g. "users, offset 1000". */
  what: string;
  status?: number;
  ms: number;
  attempt: number;
}

/** Requests made, and how often Clerk pushed back. */
export interface ApiStats {
  requests: number;
  rateLimited: number;
  serverErrors: number;
  waitedMs: number;
}

/** Clerk's Backend API through `@clerk/backend`, paced, and retried where retrying is right. */
export interface ClerkApi {
  readonly client: ClerkClient;
  readonly apiUrl: string;
  readonly requestsPer10s: number;
  readonly stats: ApiStats;
  /**
   * Run one SDK call that makes `requests` HTTP requests (`getUserList` makes two: the page and
   * the count). Waits for its turn under the request rate; on a 429 waits `Retry-After`, on a
   * 5xx or a dropped connection backs off exponentially, and tries again. A 404 comes back as
   * `undefined` when `notFound` is "undefined"; any other 4xx fails with a coded error.
   */
  call<T>(
    what: string,
    fn: (client: ClerkClient) => Promise<T>,
    options?: { requests?: number; notFound?: "throw" | "undefined" },
  ): Promise<T>;
}

const DEFAULT_API_URL = "https://api.clerk.com";
/** 429s in a row on one call before giving up: Clerk's windows are 10 s long. */
const MAX_RATE_LIMITED = 30;

/**
 * A paced, retrying client for Clerk's Backend API.
 *
 * @example
 * const api = clerkApi({ secretKey: process.env.CLERK_SECRET_KEY });
 * const page = await api.call("users", (clerk) => clerk.users.getUserList({ limit: 500 }), { requests: 2 });
 */
export function clerkApi(options: ClerkApiOptions = {}): ClerkApi {
  const env = clerkApiFromEnv();
  const secretKey = options.secretKey ?? env.secretKey;
  if (!secretKey) {
    throw new ClerkSyncError(
      "CLERK_SECRET_KEY_MISSING",
      "No Clerk secret key to read the Backend API with.",
      {
        suggestion:
          "Set CLERK_SECRET_KEY (Clerk Dashboard → API keys → Secret keys) in the environment or the app's .env.",
      },
    );
  }
  const apiUrl = (options.apiUrl ?? env.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const requestsPer10s = options.requestsPer10s ?? defaultRate(secretKey);
  if (!Number.isFinite(requestsPer10s) || requestsPer10s <= 0) {
    throw new ClerkSyncError(
      "INVALID_OPTIONS",
      `requestsPer10s must be positive, got ${requestsPer10s}.`,
      {
        suggestion: `Clerk allows ${CLERK_RATE_LIMITS.development} requests per 10 s on development instances and ${CLERK_RATE_LIMITS.production} in production.`,
      },
    );
  }
  const client = createClerkClient({ secretKey, apiUrl, telemetry: { disabled: true } });
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const interval = 10_000 / requestsPer10s;
  const stats: ApiStats = { requests: 0, rateLimited: 0, serverErrors: 0, waitedMs: 0 };
  /** When the next request may start: requests are spaced evenly, never in bursts. */
  let nextSlot = 0;

  const turn = async (requests: number) => {
    const now = performance.now();
    const start = Math.max(now, nextSlot);
    nextSlot = start + requests * interval;
    if (start > now) await sleep(start - now, options.signal);
  };

  const wait = async (ms: number, info: Omit<ApiWait, "ms">) => {
    options.onWait?.({ ...info, ms });
    stats.waitedMs += ms;
    await sleep(ms, options.signal);
  };

  return {
    client,
    apiUrl,
    requestsPer10s,
    stats,
    async call(what, fn, { requests = 1, notFound = "throw" } = {}) {
      let failures = 0;
      let rateLimited = 0;
      for (;;) {
        await turn(requests);
        stats.requests += requests;
        try {
          return await fn(client);
        } catch (error) {
          const status = statusOf(error);
          if (status === 429) {
            stats.rateLimited++;
            if (++rateLimited > MAX_RATE_LIMITED) throw unavailable(what, error, apiUrl);
            const seconds = retryAfterOf(error);
            // Nothing goes out until the window Clerk named has passed.
            const ms = Math.max(1, seconds ?? 1) * 1000;
            nextSlot = Math.max(nextSlot, performance.now() + ms);
            await wait(ms, { reason: "rate-limited", what, status, attempt: rateLimited });
            continue;
          }
          if (status === undefined || status >= 500) {
            stats.serverErrors++;
            if (++failures >= maxAttempts) throw unavailable(what, error, apiUrl);
            const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1));
            const ms = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
            await wait(ms, { reason: "server-error", what, status, attempt: failures });
            continue;
          }
          if (status === 404 && notFound === "undefined") return undefined as never;
          if (status === 401 || status === 403) {
            throw new ClerkSyncError(
              "CLERK_API_UNAUTHORIZED",
              `Clerk's Backend API at ${apiUrl} refused the secret key (${status}) while reading ${what}.`,
              {
                cause: error,
                suggestion:
                  "Check CLERK_SECRET_KEY: copy it again from the Clerk Dashboard (API keys), for the instance whose data this database holds.",
              },
            );
          }
          throw new ClerkSyncError(
            "CLERK_API_REQUEST_FAILED",
            `Clerk's Backend API answered ${status} while reading ${what}: ${messageOf(error)}`,
            {
              cause: error,
              suggestion:
                "This is not a failure retrying would fix; check the request and the @clerk/backend version.",
            },
          );
        }
      }
    },
  };
}

function defaultRate(secretKey: string): number {
  const limit = secretKey.startsWith("sk_live_")
    ? CLERK_RATE_LIMITS.production
    : CLERK_RATE_LIMITS.development;
  return Math.floor(limit * 0.9);
}

function unavailable(what: string, error: unknown, apiUrl: string): ClerkSyncError {
  const status = statusOf(error);
  return new ClerkSyncError(
    "CLERK_API_UNAVAILABLE",
    `Clerk's Backend API at ${apiUrl} kept failing while reading ${what} (${status === undefined ? messageOf(error) : `last answer ${status}`}).`,
    {
      cause: error,
      suggestion:
        "Nothing is lost: what was written is kept, and the checkpoint says where to go on. Run the same command with --resume once Clerk answers again.",
    },
  );
}

/** The HTTP status of a `ClerkAPIResponseError`, or undefined when no answer came. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status > 0 ? status : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function messageOf(error: unknown): string {
  const errors = (error as { errors?: { message?: string; longMessage?: string }[] } | null)
    ?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  return first?.longMessage ?? first?.message ?? describeError(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}
