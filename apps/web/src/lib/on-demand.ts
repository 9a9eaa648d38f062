import "server-only";
import { createOnDemandSync, type OnDemandSync } from "@acme/clerk-sync/on-demand";
import { demoClerkInstance } from "@/demo/clerk-instance";
import { isDemoMode } from "@/demo/keys";
import { prisma } from "./db";

// One per process (and per demo instance), so that concurrent requests share their lookups.
const globalForOnDemand = globalThis as unknown as { onDemand?: Map<string, OnDemandSync> };

/**
 * Rows fetched from Clerk when the webhook has not brought them yet. With real keys, Clerk's
 * Backend API (`CLERK_SECRET_KEY`); in the offline demo, the demo's local fake of it.
 */
export async function onDemandSync(): Promise<OnDemandSync> {
  globalForOnDemand.onDemand ??= new Map();
  const cache = globalForOnDemand.onDemand;
  if (!isDemoMode()) {
    let live = cache.get("clerk");
    if (!live) {
      live = createOnDemandSync({ prisma });
      cache.set("clerk", live);
    }
    return live;
  }
  const instance = await demoClerkInstance();
  let demo = cache.get(instance.url);
  if (!demo) {
    demo = createOnDemandSync({
      prisma,
      api: { secretKey: instance.secretKey, apiUrl: instance.url },
    });
    cache.set(instance.url, demo);
  }
  return demo;
}
