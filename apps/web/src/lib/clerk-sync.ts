import { createClerkSync } from "@acme/clerk-sync";
import { syncHandlers } from "@acme/clerk-sync/prisma";
import { demoHooks } from "@/demo/hooks";
import { hooks, syncedGroups } from "@/webhooks";
import { prisma, type Tx } from "./db";

/** The kit, configured for this app: the kit's sync of each group, then your hooks. */
export const clerkSync = createClerkSync<Tx>({
  prisma,
  handlers: [syncHandlers(syncedGroups), ...hooks, demoHooks],
});
