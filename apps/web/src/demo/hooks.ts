import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";
import { failWhileDemoAsks } from "./failing-hook";

/**
 * The offline demo's hooks, a set of their own beside the app's (src/webhooks/, exactly as the
 * generator writes them): the "failing handler that recovers" scenario. Inactive outside demo
 * mode. lib/clerk-sync.ts runs them after the app's hooks.
 */
export const demoHooks = defineHandlers<Tx>({
  "user.created": ({ data, attempt }) => failWhileDemoAsks(data.public_metadata, attempt),
  "user.updated": ({ data, attempt }) => failWhileDemoAsks(data.public_metadata, attempt),
});
