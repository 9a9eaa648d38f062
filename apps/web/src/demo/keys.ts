import { env } from "@/lib/env";

/**
 * The offline demo's Clerk keys. A production-format publishable key (`pk_live_` + base64 of
 * `clerk.example.com$`) lets `clerkMiddleware` authenticate requests locally: with no session
 * cookie it answers "signed out" without calling Clerk. A development key (`pk_test_…`) would
 * redirect every page load to Clerk's servers for a handshake instead.
 */
export const DEMO_PUBLISHABLE_KEY = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
/** Never sent anywhere: with no session to verify, the middleware has nothing to ask Clerk. */
export const DEMO_SECRET_KEY = "sk_live_clerksyncdemo0000000000000000000000000000";

/** The Clerk publishable key this process runs with, as configured at run time. */
export function clerkPublishableKey(): string | undefined {
  return env.clerkPublishableKey;
}

/**
 * Whether this is the offline demo: it runs with the placeholder key, so there is no Clerk
 * instance anyone could sign in to, and the dashboard is public.
 */
export function isDemoMode(): boolean {
  return clerkPublishableKey() === DEMO_PUBLISHABLE_KEY;
}
