/**
 * Below this a Clerk or Svix time is in seconds, not milliseconds: 1e11 s is the year 5138,
 * and 1e11 ms is March 1973, before Clerk existed.
 */
const SECONDS_BELOW = 1e11;
/** 9999-12-31T23:59:59.999Z: the last instant every supported database stores as a date. */
const LATEST_MS = 253_402_300_799_999;

/**
 * A time from a Clerk payload or a Svix envelope as milliseconds since the epoch, whether it came
 * in milliseconds (Clerk's usual unit) or in seconds (some envelopes, Svix's own header);
 * `undefined` for anything that is not a usable time (missing, not a number, not after 1970, past
 * the year 9999).
 *
 * @example epochMs(1_767_225_600) // → 1_767_225_600_000 (seconds, scaled)
 * @example epochMs(1_767_225_600_123) // → 1_767_225_600_123
 */
export function epochMs(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return undefined;
  const ms = Math.round(value < SECONDS_BELOW ? value * 1000 : value);
  return ms <= LATEST_MS ? ms : undefined;
}
