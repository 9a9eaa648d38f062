import { describe, expect, it } from "vitest";
import { retentionFromEnv, retryFromEnv, signingSecretFromEnv } from "./env.js";
import { ClerkSyncError } from "./errors/index.js";

describe("retryFromEnv", () => {
  it("reads only the variables that are set", () => {
    expect(retryFromEnv({})).toEqual({});
    expect(
      retryFromEnv({
        CLERK_SYNC_MAX_ATTEMPTS: "3",
        CLERK_SYNC_RETRY_BASE_DELAY_MS: "0",
        CLERK_SYNC_RETRY_MAX_DELAY_MS: " 5000 ",
      }),
    ).toEqual({ maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 5000 });
  });

  it.each([
    ["CLERK_SYNC_MAX_ATTEMPTS", "0"],
    ["CLERK_SYNC_MAX_ATTEMPTS", "three"],
    ["CLERK_SYNC_RETRY_BASE_DELAY_MS", "-1"],
    ["CLERK_SYNC_RETRY_MAX_DELAY_MS", "1.5"],
  ])("rejects %s=%s with a clear error", (name, value) => {
    const read = () => retryFromEnv({ [name]: value });
    expect(read).toThrow(ClerkSyncError);
    expect(read).toThrow(new RegExp(`${name} must be an integer`));
  });
});

describe("signingSecretFromEnv", () => {
  it("reads CLERK_WEBHOOK_SIGNING_SECRET", () => {
    expect(signingSecretFromEnv({ CLERK_WEBHOOK_SIGNING_SECRET: "whsec_x" })).toBe("whsec_x");
    expect(signingSecretFromEnv({})).toBeUndefined();
  });
});

describe("retentionFromEnv", () => {
  it("reads only the variables that are set", () => {
    expect(retentionFromEnv({})).toEqual({});
    expect(
      retentionFromEnv({
        CLERK_SYNC_RETAIN_PAYLOAD_DAYS: "7",
        CLERK_SYNC_RETAIN_ID_DAYS: " 60 ",
        CLERK_SYNC_PRUNE_BATCH_SIZE: "200",
        CLERK_SYNC_PRUNE_INTERVAL_MINUTES: "0",
      }),
    ).toEqual({ payloadDays: 7, idDays: 60, batchSize: 200, intervalMinutes: 0 });
  });

  it.each([
    ["CLERK_SYNC_RETAIN_PAYLOAD_DAYS", "0"],
    ["CLERK_SYNC_RETAIN_ID_DAYS", "ninety"],
    ["CLERK_SYNC_PRUNE_BATCH_SIZE", "1.5"],
    ["CLERK_SYNC_PRUNE_INTERVAL_MINUTES", "-1"],
  ])("rejects %s=%s with a clear error", (name, value) => {
    const read = () => retentionFromEnv({ [name]: value });
    expect(read).toThrow(ClerkSyncError);
    expect(read).toThrow(new RegExp(`${name} must be an integer`));
  });
});
