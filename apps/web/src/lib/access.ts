import { auth } from "@clerk/nextjs/server";
import { isDemoMode } from "@/demo/keys";

/**
 * Pages and server actions check access themselves as well as in the proxy, so that a route the
 * proxy's matcher misses is still protected. The offline demo has no one to sign in.
 */
export async function requireDashboardAccess(): Promise<void> {
  if (isDemoMode()) return;
  await auth.protect();
}
