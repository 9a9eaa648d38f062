import { isDemoMode } from "./keys";

/** Thrown on purpose by the demo's user hook; shows up as the delivery's last error. */
export class DemoHookFailure extends Error {
  override readonly name = "DemoHookFailure";
  readonly code = "DEMO_HOOK_FAILURE";
  readonly suggestion =
    "Nothing to fix: the sample asked for this. The kit retries with backoff, or press Replay.";

  constructor(attempt: number, failTimes: number) {
    super(
      `Demo hook failing on purpose: attempt ${attempt} of the ${failTimes} this user's public_metadata.clerkSyncDemo.failTimes asks to fail.`,
    );
  }
}

/**
 * The demo's "failing handler that recovers": a user whose `public_metadata.clerkSyncDemo` is
 * `{ failTimes: N }` makes this hook throw on attempts 1..N and pass from attempt N+1 on, so the
 * kit's retries (or a replay) can be watched turning the delivery from failed to done. Only in
 * the offline demo; with real keys it never fails.
 *
 * @example failWhileDemoAsks(data.public_metadata, attempt)
 */
export function failWhileDemoAsks(publicMetadata: unknown, attempt: number): void {
  if (!isDemoMode()) return;
  const failTimes = demoFailTimes(publicMetadata);
  if (attempt <= failTimes) throw new DemoHookFailure(attempt, failTimes);
}

function demoFailTimes(publicMetadata: unknown): number {
  if (typeof publicMetadata !== "object" || publicMetadata === null) return 0;
  const demo = (publicMetadata as { clerkSyncDemo?: unknown }).clerkSyncDemo;
  if (typeof demo !== "object" || demo === null) return 0;
  const failTimes = (demo as { failTimes?: unknown }).failTimes;
  return typeof failTimes === "number" && Number.isInteger(failTimes) && failTimes > 0
    ? failTimes
    : 0;
}
