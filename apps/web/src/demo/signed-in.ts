import "server-only";
import { demoClerkInstance } from "./clerk-instance";

/**
 * The offline demo has no Clerk to sign in to: this stands in for `auth()` from
 * `@clerk/nextjs/server`, answering as if the demo instance's first user were signed in. That
 * user exists in the demo's Clerk (its fake Backend API) but not in the database until a backfill
 * or a webhook brings it: the moment a real user reaches the app before `user.created`.
 */
export async function demoAuth(): Promise<{ userId: string | null }> {
  const instance = await demoClerkInstance();
  return { userId: instance.store.list("user")[0]?.id ?? null };
}
