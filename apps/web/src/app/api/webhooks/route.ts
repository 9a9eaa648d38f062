import { createWebhookRoute } from "@acme/clerk-sync/next";
import { clerkSync } from "@/lib/clerk-sync";

/** Clerk → Svix → here: verified over the raw body, recorded, answered at once, synced after. */
export const { POST, OPTIONS } = createWebhookRoute(clerkSync);
