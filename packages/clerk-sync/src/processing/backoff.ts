export interface RetryPolicy {
  /** Attempts before a delivery is dead. Default 8. */
  maxAttempts: number;
  /** Delay before the second attempt, in ms; it doubles each time. Default 1,000. */
  baseDelayMs: number;
  /** Upper bound for one delay, in ms. Default one hour. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 60 * 60 * 1_000,
};

/**
 * The delay before the next attempt after `attempt` failed: exponential, capped, with "equal
 * jitter" (half fixed, half random) so that a burst of failures does not retry in lockstep.
 *
 * @example retryDelayMs(3, DEFAULT_RETRY_POLICY) // between 2,000 and 4,000
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...partial };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a positive integer, got ${policy.maxAttempts}`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw new RangeError("retry.baseDelayMs must be >= 0 and retry.maxDelayMs >= baseDelayMs");
  }
  return policy;
}
