/**
 * The environment variables this app's own code reads, typed, in one place: nothing else under
 * src/ reads `process.env`. (The generator's wiring reads its own: `DATABASE_URL` and
 * `NODE_ENV` in lib/db.ts, `NEXT_RUNTIME` in instrumentation.ts, byte for byte what
 * `pnpm plop webhook-event` writes. Biome's noProcessEnv holds everything else to this module.)
 *
 * Each is read when asked for, not at import: one production build serves both the offline demo
 * and an instance with real keys. Next.js inlines `process.env.NEXT_PUBLIC_*` into the build,
 * following constant names through aliases; the name arrives here as a parameter, which no
 * bundler can resolve ahead of time.
 */
function read(name: string): string | undefined {
  return process.env[name]?.trim() || undefined;
}

export const env = {
  /** The Clerk publishable key this process runs with (the demo's placeholder in demo mode). */
  get clerkPublishableKey(): string | undefined {
    return read("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY");
  },
  /** The Clerk secret key; the demo's fake Clerk API accepts it as its bearer token. */
  get clerkSecretKey(): string | undefined {
    return read("CLERK_SECRET_KEY");
  },
  /** The secret Clerk signs webhook deliveries with (the demo signs its own with it). */
  get webhookSigningSecret(): string | undefined {
    return read("CLERK_WEBHOOK_SIGNING_SECRET");
  },
  /** Whether DATABASE_URL names a PostgreSQL database (the dashboard's estimates need one). */
  get postgres(): boolean {
    return /^postgres(ql)?:/.test(read("DATABASE_URL") ?? "");
  },
  /** The port this server listens on (Next.js sets PORT); 3000 when unset. */
  get port(): number {
    const port = Number(read("PORT"));
    return Number.isInteger(port) && port > 0 ? port : 3000;
  },
};
