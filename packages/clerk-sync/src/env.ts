import { ClerkSyncError } from "./errors/index.js";
import type { RetentionPolicy } from "./ledger/retention.js";
import type { RetryPolicy } from "./processing/backoff.js";

/**
 * Every environment variable the kit reads, read and validated here and nowhere else. Options
 * passed to `createClerkSync` take precedence; these are the fallbacks.
 */
export const ENV = {
  signingSecret: "CLERK_WEBHOOK_SIGNING_SECRET",
  maxAttempts: "CLERK_SYNC_MAX_ATTEMPTS",
  retryBaseDelayMs: "CLERK_SYNC_RETRY_BASE_DELAY_MS",
  retryMaxDelayMs: "CLERK_SYNC_RETRY_MAX_DELAY_MS",
  secretKey: "CLERK_SECRET_KEY",
  apiUrl: "CLERK_API_URL",
  instanceId: "CLERK_INSTANCE_ID",
  retainPayloadDays: "CLERK_SYNC_RETAIN_PAYLOAD_DAYS",
  retainIdDays: "CLERK_SYNC_RETAIN_ID_DAYS",
  pruneBatchSize: "CLERK_SYNC_PRUNE_BATCH_SIZE",
  pruneIntervalMinutes: "CLERK_SYNC_PRUNE_INTERVAL_MINUTES",
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The webhook signing secret from the environment (validated per request, not here). */
export function signingSecretFromEnv(env: Env = process.env): string | undefined {
  return env[ENV.signingSecret];
}

/** The Clerk instance this database belongs to (`ins_…`), when the app names one. */
export function instanceIdFromEnv(env: Env = process.env): string | undefined {
  return env[ENV.instanceId]?.trim() || undefined;
}

/** Clerk's Backend API: the secret key and, for a proxy or a local fake, its URL. */
export function clerkApiFromEnv(env: Env = process.env): { secretKey?: string; apiUrl?: string } {
  const secretKey = env[ENV.secretKey]?.trim();
  const apiUrl = env[ENV.apiUrl]?.trim();
  return { ...(secretKey ? { secretKey } : {}), ...(apiUrl ? { apiUrl } : {}) };
}

/**
 * Retry settings from the environment: only the ones that are set.
 *
 * @example retryFromEnv({ CLERK_SYNC_MAX_ATTEMPTS: "3" }) // { maxAttempts: 3 }
 */
export function retryFromEnv(env: Env = process.env): Partial<RetryPolicy> {
  const retry: Partial<RetryPolicy> = {};
  const maxAttempts = integer(env, ENV.maxAttempts, 1);
  const baseDelayMs = integer(env, ENV.retryBaseDelayMs, 0);
  const maxDelayMs = integer(env, ENV.retryMaxDelayMs, 0);
  if (maxAttempts !== undefined) retry.maxAttempts = maxAttempts;
  if (baseDelayMs !== undefined) retry.baseDelayMs = baseDelayMs;
  if (maxDelayMs !== undefined) retry.maxDelayMs = maxDelayMs;
  return retry;
}

/**
 * Retention settings from the environment: only the ones that are set (checked in full by
 * `resolveRetentionPolicy`).
 *
 * @example retentionFromEnv({ CLERK_SYNC_RETAIN_PAYLOAD_DAYS: "7" }) // { payloadDays: 7 }
 */
export function retentionFromEnv(env: Env = process.env): Partial<RetentionPolicy> {
  const retention: Partial<RetentionPolicy> = {};
  const payloadDays = integer(env, ENV.retainPayloadDays, 1);
  const idDays = integer(env, ENV.retainIdDays, 1);
  const batchSize = integer(env, ENV.pruneBatchSize, 1);
  const intervalMinutes = integer(env, ENV.pruneIntervalMinutes, 0);
  if (payloadDays !== undefined) retention.payloadDays = payloadDays;
  if (idDays !== undefined) retention.idDays = idDays;
  if (batchSize !== undefined) retention.batchSize = batchSize;
  if (intervalMinutes !== undefined) retention.intervalMinutes = intervalMinutes;
  return retention;
}

function integer(env: Env, name: string, min: number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ClerkSyncError(
      "INVALID_OPTIONS",
      `${name} must be an integer of at least ${min}; it is "${raw.slice(0, 40)}".`,
      { suggestion: `Fix or unset ${name}.` },
    );
  }
  return value;
}
