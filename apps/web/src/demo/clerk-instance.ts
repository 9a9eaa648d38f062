import "server-only";
import { LISTABLE_GROUPS } from "@acme/clerk-sync/backfill";
import { type FakeClerkApi, type SeedOptions, startFakeClerkApi } from "@acme/clerk-sync/fake-api";
import { MODELS_OF_GROUP } from "@acme/clerk-sync/prisma";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

/** The demo's Clerk instance: big enough to watch a backfill page, small enough to take seconds. */
export const DEMO_INSTANCE: SeedOptions = {
  seed: 2026,
  users: 150,
  organizations: 8,
  memberships: 90,
  organizationInvitations: 12,
  organizationDomains: 4,
  invitations: 20,
  waitlistEntries: 15,
  roles: 4,
  permissions: 6,
};

// One instance per server process, kept across dev reloads of this module.
const globalForDemo = globalThis as unknown as { demoClerkInstance?: Promise<FakeClerkApi> };

/**
 * The offline demo's stand-in for Clerk's Backend API: the kit's fake, on a local port, started
 * on first use. It holds a seeded instance plus what this app's database already holds (rows of
 * earlier sample events and runs), so that a reconcile right after it starts finds the two in
 * step; the sample events sent from the dashboard change it as Clerk would.
 */
export function demoClerkInstance(): Promise<FakeClerkApi> {
  globalForDemo.demoClerkInstance ??= start().catch((error) => {
    globalForDemo.demoClerkInstance = undefined;
    throw error;
  });
  return globalForDemo.demoClerkInstance;
}

async function start(): Promise<FakeClerkApi> {
  const secretKey = env.clerkSecretKey;
  const api = await startFakeClerkApi({ seed: DEMO_INSTANCE, ...(secretKey ? { secretKey } : {}) });
  type Rows = {
    findMany(args: object): Promise<{ id: string; raw: unknown; deletedAt: Date | null }[]>;
  };
  for (const group of LISTABLE_GROUPS) {
    const delegate = (prisma as unknown as Record<string, Rows>)[MODELS_OF_GROUP[group][0]];
    if (!delegate) continue;
    const rows = await delegate.findMany({ select: { id: true, raw: true, deletedAt: true } });
    for (const row of rows) {
      if (row.deletedAt) api.store.remove(group, row.id);
      else api.store.insert(group, row.raw as { id: string });
    }
  }
  return api;
}
