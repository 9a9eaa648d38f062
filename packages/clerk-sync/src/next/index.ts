import * as nextServer from "next/server";
import type { ClerkSync } from "../client.js";
import type { EnsureOptions, OnDemandSync } from "../on-demand/index.js";
import type { ClerkUserRow } from "../prisma/models.js";
import type { Defer } from "../queue/types.js";

export interface WebhookRouteOptions {
  /**
   * Run processing after the response. Default: Next.js `after()` where the app's Next.js has it
   * (15.1+, `unstable_after` in 15.0), which keeps a serverless function alive until the work is
   * done; elsewhere the queue's own fallback (see `nextAfter`).
   */
  defer?: Defer;
}

/**
 * The App Router handlers for `app/api/webhooks/route.ts`. Verification is the library's own
 * (`verifyWebhook` from `@clerk/backend/webhooks`, over the raw body), so the route works with
 * any `@clerk/nextjs` (5, 6, 7) and any Next.js from 14.2.
 *
 * @example
 * // app/api/webhooks/route.ts
 * import { createWebhookRoute } from "@acme/clerk-sync/next";
 * import { clerkSync } from "@/lib/clerk-sync";
 * export const { POST, OPTIONS } = createWebhookRoute(clerkSync);
 */
export function createWebhookRoute(
  sync: ClerkSync | (() => ClerkSync),
  options: WebhookRouteOptions = {},
): {
  POST: (request: Request) => Promise<Response>;
  OPTIONS: (request: Request) => Promise<Response>;
} {
  const defer = options.defer ?? nextAfter();
  const resolve = typeof sync === "function" ? sync : () => sync;
  return {
    POST: (request) => resolve().handleRequest(request, defer ? { defer } : {}),
    // Next answers OPTIONS itself (204) for a route that does not export it: 405, like any non-POST.
    OPTIONS: (request) => resolve().handleRequest(request),
  };
}

/**
 * Next.js's `after` for the installed version, or undefined on Next.js 14, which has none.
 *
 * Read off the module object by name rather than imported: a named import of `after` fails the
 * build on Next.js 14 (and `unstable_after` on 16). Without it, the inline queue starts the work
 * right after the response in the same process (`setImmediate`), which finishes it on a
 * long-running server (`next start`, a container). A serverless platform may freeze the process
 * first; what it drops stays `pending` in the ledger, and the sweeper (`clerkSync.startSweeper()`,
 * started by the generated `instrumentation.ts`) runs it on the next boot or sweep.
 *
 * In Next.js 15.0, `unstable_after` throws unless `experimental.after` is on; outside a request
 * scope `after` throws too. Either way the task runs at once instead, so nothing is lost.
 */
export function nextAfter(
  server: Readonly<Record<string, unknown>> = nextServer,
): Defer | undefined {
  const after = ["after", "unstable_after"]
    .map((name) => Reflect.get(server, name) as unknown)
    .find((candidate) => typeof candidate === "function") as Defer | undefined;
  if (!after) return undefined;
  return (task) => {
    try {
      after(task);
    } catch {
      void task();
    }
  };
}

/**
 * What Clerk's `auth()` answers, in every `@clerk/nextjs` from 5 (where `auth()` returns it) to 6
 * and 7 (where it returns a promise of it). Only `userId` is read.
 */
export type NextAuth = () => { userId: string | null } | Promise<{ userId: string | null }>;

/**
 * The signed-in user's synced row, for server components, route handlers and server actions:
 * written from Clerk's Backend API right now when `user.created` has not arrived yet (see
 * `ensureUser`). `null` when no one is signed in. Pass the app's own `auth` from
 * `@clerk/nextjs/server`, so the kit works with whichever Clerk version the app has.
 *
 * @example
 * import { auth } from "@clerk/nextjs/server";
 * import { currentSyncedUser } from "@acme/clerk-sync/next";
 * import { onDemand } from "@/lib/clerk-sync";
 * const user = await currentSyncedUser(onDemand, { auth });
 */
export async function currentSyncedUser(
  onDemand: Pick<OnDemandSync, "ensureUser">,
  options: { auth: NextAuth } & EnsureOptions,
): Promise<ClerkUserRow | null> {
  const { auth, ...ensure } = options;
  const { userId } = await auth();
  if (!userId) return null;
  return onDemand.ensureUser(userId, ensure);
}
