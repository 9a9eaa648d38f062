import { verifyWebhook } from "@clerk/nextjs/webhooks";
import { after } from "next/server";
import type { ClerkSync } from "../client.js";
import type { VerifyWebhook } from "../ingest/verify.js";

export interface WebhookRouteOptions {
  /**
   * Run processing after the response. Default: Next.js `after()`, which keeps the function
   * alive until the work is done on serverless platforms too.
   */
  defer?: (task: () => Promise<void>) => void;
}

/**
 * The App Router handlers for `app/api/webhooks/route.ts`.
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
  const defer = options.defer ?? after;
  const resolve = typeof sync === "function" ? sync : () => sync;
  return {
    POST: (request) => resolve().handleRequest(request, { defer, verify: verifyWithNextSdk }),
    // Next answers OPTIONS itself (204) for a route that does not export it: 405, like any non-POST.
    OPTIONS: (request) => resolve().handleRequest(request),
  };
}

/** `verifyWebhook` from `@clerk/nextjs/webhooks`, which accepts a Web `Request` at run time. */
const verifyWithNextSdk: VerifyWebhook = (request, options) =>
  verifyWebhook(request as Parameters<typeof verifyWebhook>[0], options);
