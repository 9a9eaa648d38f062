import { verifyWebhook } from "@clerk/nextjs/webhooks";
import type { NextRequest } from "next/server";

/**
 * The ingest benchmark's ceiling: the same request through the same proxy, verified by Clerk's
 * `verifyWebhook` and answered, with nothing recorded or scheduled. Exists only while the
 * benchmark runs the server (CLERK_SYNC_BENCH=1).
 */
export async function POST(request: NextRequest): Promise<Response> {
  if (process.env.CLERK_SYNC_BENCH !== "1") return new Response("Not Found", { status: 404 });
  try {
    await verifyWebhook(request);
  } catch {
    return Response.json({ error: "verification failed" }, { status: 400 });
  }
  return Response.json({ received: true });
}
