import { EVENT_GROUP_NAMES, EVENT_GROUPS, type EventGroup } from "../catalog/index.js";
import type { ClerkSync } from "../client.js";
import { ENV } from "../env.js";
import { isClerkSyncError } from "../errors/index.js";
import { assertSigningSecret } from "../ingest/secret.js";
import { type Check, fail, ok } from "./check.js";

/** The signing secret, present and shaped like one (`whsec_` + base64). */
export function secretCheck(env: Record<string, string | undefined>): Check {
  const title = "Signing secret";
  try {
    assertSigningSecret(env[ENV.signingSecret]);
    return ok("secret", title, `${ENV.signingSecret} is set and well formed`);
  } catch (error) {
    if (!isClerkSyncError(error)) throw error;
    return fail("secret", title, error.message, error.suggestion);
  }
}

const PUBLISHABLE = ["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", "CLERK_PUBLISHABLE_KEY"];

/**
 * The Clerk keys: both present, well formed, and of the same kind of instance. A `pk_test_` key
 * with an `sk_live_` one (or the reverse) mixes a development and a production instance.
 */
export function keysCheck(env: Record<string, string | undefined>): Check {
  const title = "Clerk keys";
  const pkName = PUBLISHABLE.find((name) => env[name]?.trim());
  const pk = pkName ? env[pkName]?.trim() : undefined;
  const sk = env[ENV.secretKey]?.trim();
  const missing = [pk ? "" : PUBLISHABLE[0], sk ? "" : ENV.secretKey].filter(Boolean);
  if (missing.length > 0) {
    return fail(
      "keys",
      title,
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set`,
      "Copy both keys of the same instance from the Clerk Dashboard (API keys) into .env.local.",
    );
  }
  const pkKind = /^pk_(test|live)_/.exec(pk as string)?.[1];
  const skKind = /^sk_(test|live)_/.exec(sk as string)?.[1];
  if (!pkKind || !frontendApiOf(pk as string)) {
    return fail(
      "keys",
      title,
      `${pkName} is not a publishable key (pk_test_… or pk_live_… followed by the instance's encoded host)`,
      "Copy the publishable key again from the Clerk Dashboard (API keys).",
    );
  }
  if (!skKind) {
    return fail(
      "keys",
      title,
      `${ENV.secretKey} is not a secret key (sk_test_… or sk_live_…)`,
      "Copy the secret key again from the Clerk Dashboard (API keys); the signing secret (whsec_…) goes in CLERK_WEBHOOK_SIGNING_SECRET.",
    );
  }
  if (pkKind !== skKind) {
    return fail(
      "keys",
      title,
      `pk_${pkKind}_ with sk_${skKind}_: the keys belong to a ${pkKind === "test" ? "development" : "production"} and a ${skKind === "test" ? "development" : "production"} instance`,
      "Take both keys from the same instance (Clerk Dashboard → API keys, with the instance picker on the one this app uses).",
    );
  }
  return ok(
    "keys",
    title,
    `a ${pkKind === "live" ? "production" : "development"} pair (${frontendApiOf(pk as string)})`,
  );
}

/** The Frontend API host a publishable key encodes (`base64("clerk.example.com$")`). */
function frontendApiOf(pk: string): string | undefined {
  const encoded = pk.replace(/^pk_(test|live)_/, "");
  try {
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    return /^[a-z0-9.-]+\$$/i.test(decoded) ? decoded.slice(0, -1) : undefined;
  } catch {
    return undefined;
  }
}

/** The groups the app handles at least one event of. */
export function syncedGroups(clerkSync: ClerkSync): EventGroup[] {
  return EVENT_GROUP_NAMES.filter((g) =>
    EVENT_GROUPS[g].events.some((type) => clerkSync.handles(type)),
  );
}

/**
 * Every event type of each synced group has a handler: handling only `*.created` leaves updates
 * and deletions out, the classic cause of stale rows and duplicates.
 */
export function handlersCheck(clerkSync: ClerkSync): Check {
  const title = "Handlers";
  const synced = syncedGroups(clerkSync);
  if (synced.length === 0) {
    return fail(
      "handlers",
      title,
      "no event type has a handler: every delivery is recorded and skipped",
      'Pass the kit\'s sync to createClerkSync: handlers: [syncHandlers(["user", …]), …hooks] (pnpm plop webhook-event writes it).',
    );
  }
  const partial = synced.flatMap((group) => {
    const missing = EVENT_GROUPS[group].events.filter((type) => !clerkSync.handles(type));
    return missing.length > 0 ? [{ group, missing }] : [];
  });
  if (partial.length > 0) {
    return fail(
      "handlers",
      title,
      partial.map(({ group, missing }) => `${group} lacks ${missing.join(", ")}`).join("; "),
      `Handle every event of a group: syncHandlers([${partial.map((p) => `"${p.group}"`).join(", ")}]) covers them all, or add handlers for the missing types.`,
    );
  }
  const count = synced.reduce((n, g) => n + EVENT_GROUPS[g].events.length, 0);
  return ok(
    "handlers",
    title,
    `every event of ${synced.length} synced group(s) has a handler (${count} types)`,
  );
}

/** The events to subscribe the endpoint to in the Clerk Dashboard: every event of each synced group. */
export function eventsToSubscribe(clerkSync: ClerkSync): string[] {
  return syncedGroups(clerkSync).flatMap((g) => [...EVENT_GROUPS[g].events]);
}
