import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy, retryDelayMs } from "./backoff.js";

describe("retryDelayMs", () => {
  it("doubles per attempt, with jitter in the upper half", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100 };
    expect(retryDelayMs(1, policy, () => 0)).toBe(50);
    expect(retryDelayMs(1, policy, () => 1)).toBe(100);
    expect(retryDelayMs(4, policy, () => 0)).toBe(400);
    expect(retryDelayMs(4, policy, () => 1)).toBe(800);
  });

  it("never exceeds the cap", () => {
    const policy = { maxAttempts: 50, baseDelayMs: 1000, maxDelayMs: 5000 };
    for (let attempt = 1; attempt < 50; attempt++) {
      expect(retryDelayMs(attempt, policy)).toBeLessThanOrEqual(5000);
    }
  });

  it("rejects nonsense policies", () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs/);
    expect(resolveRetryPolicy(undefined)).toEqual(DEFAULT_RETRY_POLICY);
  });
});
