/**
 * Runs once when the server starts. The kit's sweeper picks up deliveries left pending or due
 * for a retry (a restart, a process frozen after its response) without waiting for the next
 * webhook. Node.js runtime only: the kit and its database driver do not run on the edge.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { clerkSync } = await import("@/lib/clerk-sync");
    clerkSync.startSweeper();
  }
}
