import { verifyWebhook } from "@clerk/nextjs/webhooks";
import type { NextRequest } from "next/server";

/**
 * The ingest benchmark's ceiling: the same request through the same proxy, verified by Clerk's
 * `verifyWebhook` and answered, with nothing recorded or scheduled. Only in the benchmark's own
 * build: `.bench.ts` is a page extension only when CLERK_SYNC_BENCH=1 (see next.config.ts), so a
 * production build has no such route.
 */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    await verifyWebhook(request);
  } catch {
    return Response.json({ error: "verification failed" }, { status: 400 });
  }
  return Response.json({ received: true });
}
