import { CodedError } from "./coded-error.js";

export { CodedError, isCodedError } from "./coded-error.js";

/**
 * Every error the kit raises has a stable `code`, a human `suggestion` and, where it answers an
 * HTTP request, the status that request gets. The status is chosen here and nowhere else.
 */
export type ClerkSyncErrorCode =
  | "SIGNING_SECRET_MISSING"
  | "SIGNING_SECRET_MALFORMED"
  | "METHOD_NOT_ALLOWED"
  | "PAYLOAD_TOO_LARGE"
  | "MISSING_SVIX_HEADERS"
  | "INVALID_SVIX_HEADERS"
  | "INVALID_SIGNATURE"
  | "INVALID_EVENT"
  | "LEDGER_UNAVAILABLE"
  | "EVENT_NOT_FOUND"
  | "EVENT_NOT_REPLAYABLE"
  | "INVALID_OPTIONS"
  | "SYNC_MODEL_MISSING"
  | "UNSYNCABLE_EVENT"
  | "CLERK_SECRET_KEY_MISSING"
  | "CLERK_API_UNAUTHORIZED"
  | "CLERK_API_UNAVAILABLE"
  | "CLERK_API_REQUEST_FAILED"
  | "GROUP_NOT_LISTABLE"
  | "SYNC_RUNS_MISSING"
  | "NOTHING_TO_RESUME"
  | "INSTANCE_MISMATCH";

const STATUS_BY_CODE: Record<ClerkSyncErrorCode, number> = {
  SIGNING_SECRET_MISSING: 500,
  SIGNING_SECRET_MALFORMED: 500,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  MISSING_SVIX_HEADERS: 400,
  INVALID_SVIX_HEADERS: 400,
  INVALID_SIGNATURE: 400,
  INVALID_EVENT: 400,
  LEDGER_UNAVAILABLE: 500,
  EVENT_NOT_FOUND: 404,
  EVENT_NOT_REPLAYABLE: 409,
  INVALID_OPTIONS: 500,
  SYNC_MODEL_MISSING: 500,
  UNSYNCABLE_EVENT: 500,
  CLERK_SECRET_KEY_MISSING: 500,
  CLERK_API_UNAUTHORIZED: 502,
  CLERK_API_UNAVAILABLE: 502,
  CLERK_API_REQUEST_FAILED: 502,
  GROUP_NOT_LISTABLE: 400,
  SYNC_RUNS_MISSING: 500,
  NOTHING_TO_RESUME: 409,
  // Not a 2xx: Svix keeps the delivery and retries it, so nothing is lost if the expected
  // instance is what was wrong, and a misdirected endpoint shows as failing in Clerk's Dashboard.
  INSTANCE_MISMATCH: 409,
};

export class ClerkSyncError extends CodedError<ClerkSyncErrorCode> {
  override readonly name = "ClerkSyncError";

  /** The HTTP status a request that failed with this error is answered with. */
  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export function isClerkSyncError(error: unknown): error is ClerkSyncError {
  return error instanceof ClerkSyncError;
}

/** A short, log-safe description of any thrown value (no payloads, no secrets). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return `${error.name}: ${error.message}`.slice(0, 2000);
  }
  return String(error).slice(0, 2000);
}
