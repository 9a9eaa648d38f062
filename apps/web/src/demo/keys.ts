/**
 * The offline demo's Clerk keys. A production-format publishable key (`pk_live_` + base64 of
 * `clerk.example.com$`) lets `clerkMiddleware` authenticate requests locally: with no session
 * cookie it answers "signed out" without calling Clerk. A development key (`pk_test_…`) would
 * redirect every page load to Clerk's servers for a handshake instead.
 */
export const DEMO_PUBLISHABLE_KEY = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
/** Never sent anywhere: with no session to verify, the middleware has nothing to ask Clerk. */
export const DEMO_SECRET_KEY = "sk_live_clerksyncdemo0000000000000000000000000000";

/**
 * An environment variable as the server process has it now. Next.js inlines
 * `process.env.NEXT_PUBLIC_*` into the build, following constant names through aliases, and one
 * production build must serve both the demo and an instance with real keys: the name arrives as
 * a parameter, which no bundler can resolve ahead of time.
 */
function runtimeEnv(name: string): string | undefined {
  return process.env[name]?.trim() || undefined;
}

/** The Clerk publishable key this process runs with, as configured at run time. */
export function clerkPublishableKey(): string | undefined {
  return runtimeEnv("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY");
}

/**
 * Whether this is the offline demo: it runs with the placeholder key, so there is no Clerk
 * instance anyone could sign in to, and the dashboard is public.
 */
export function isDemoMode(): boolean {
  return clerkPublishableKey() === DEMO_PUBLISHABLE_KEY;
}
