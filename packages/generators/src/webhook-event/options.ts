import { EVENT_GROUP_NAMES, type EventGroup, isEventGroup } from "@acme/clerk-sync/catalog";
import { GeneratorError } from "../errors";
import type { DatabaseProvider } from "../prisma/schema";

export type QueueKind = "inline" | "bullmq";
export type ExistingRouteChoice = "keep" | "replace";
export const EXISTING_ROUTE_CHOICES: readonly ExistingRouteChoice[] = ["keep", "replace"];
export const QUEUE_KINDS: readonly QueueKind[] = ["inline", "bullmq"];
export const PROVIDERS: readonly DatabaseProvider[] = ["sqlite", "postgresql"];

/** What `webhook-event` is asked to do: the prompts' answers, or the create scaffold's choices. */
export interface WebhookEventOptions {
  /** The Next.js app to wire (absolute, or relative to `cwd`). */
  appDir: string;
  /** Event groups to add; a group always means all of its events. `"all"` for every group. */
  groups: readonly string[] | "all";
  /** Default `"auto"`: the provider of the app's schema, SQLite when it has none. */
  provider?: DatabaseProvider | "auto";
  /** Default `"auto"`: what an existing `lib/clerk-sync.ts` uses, else inline. */
  queue?: QueueKind | "auto";
  /** Plan and report, write nothing. */
  dryRun?: boolean;
  /** Written as `DATABASE_URL` into `.env`/`.env.example` when they lack one. */
  databaseUrl?: string;
  /**
   * Versions (or `workspace:*` / `catalog:` specifiers) for dependencies the app lacks, by
   * package name; the rest come from the generators' pinned map.
   */
  versions?: Readonly<Record<string, string>>;
  /** Override the detected Next.js major version (16+: `proxy.ts`, earlier: `middleware.ts`). */
  nextMajor?: number;
  /** The path Clerk posts to (the route's folder under `app/`). Default `/api/webhooks`. */
  webhookPath?: string;
  /**
   * What to do when the app already receives Clerk's webhooks in a route of its own (svix's
   * `Webhook` or Clerk's `verifyWebhook`): `replace` makes that route the kit's (the Clerk
   * Dashboard endpoint stays as it is), `keep` leaves it and adds the kit's at `webhookPath`.
   * Required when there is such a route.
   */
  existingRoute?: ExistingRouteChoice;
  /** Resolves a relative `appDir`. Default `process.cwd()`. */
  cwd?: string;
}

/** Event groups from a list of names (or `"all"`), checked against the catalog, in catalog order. */
export function resolveGroups(groups: readonly string[] | "all" | string): EventGroup[] {
  const names =
    groups === "all"
      ? [...EVENT_GROUP_NAMES]
      : typeof groups === "string"
        ? groups.split(",")
        : [...groups];
  const trimmed = names.map((g) => g.trim()).filter(Boolean);
  if (trimmed.includes("all")) return [...EVENT_GROUP_NAMES];
  const unknown = trimmed.filter((g) => !isEventGroup(g));
  if (unknown.length > 0) {
    throw new GeneratorError("UNKNOWN_GROUP", `Unknown event group: ${unknown.join(", ")}.`, {
      suggestion: `Choose from: ${EVENT_GROUP_NAMES.join(", ")} (or "all").`,
    });
  }
  if (trimmed.length === 0) {
    throw new GeneratorError("NO_GROUPS", "No event group chosen.", {
      suggestion: `Choose at least one of: ${EVENT_GROUP_NAMES.join(", ")}.`,
    });
  }
  const chosen = new Set(trimmed);
  return EVENT_GROUP_NAMES.filter((g) => chosen.has(g));
}

export function checkProvider(value: string): DatabaseProvider | "auto" {
  if (value === "auto" || (PROVIDERS as readonly string[]).includes(value)) {
    return value as DatabaseProvider | "auto";
  }
  throw new GeneratorError("UNKNOWN_PROVIDER", `Unknown database provider "${value}".`, {
    suggestion: `Use one of: ${PROVIDERS.join(", ")} (or "auto" to detect it from the app's schema).`,
  });
}

export function checkQueue(value: string): QueueKind | "auto" {
  if (value === "auto" || (QUEUE_KINDS as readonly string[]).includes(value)) {
    return value as QueueKind | "auto";
  }
  throw new GeneratorError("UNKNOWN_QUEUE", `Unknown queue "${value}".`, {
    suggestion: `Use one of: ${QUEUE_KINDS.join(", ")} (or "auto").`,
  });
}

export function checkExistingRoute(value: string): ExistingRouteChoice {
  if ((EXISTING_ROUTE_CHOICES as readonly string[]).includes(value)) {
    return value as ExistingRouteChoice;
  }
  throw new GeneratorError("UNKNOWN_CHOICE", `Unknown choice for the existing route: "${value}".`, {
    suggestion: `Use one of: ${EXISTING_ROUTE_CHOICES.join(", ")}.`,
  });
}
