import fs from "node:fs";
import path from "node:path";
import { EVENT_GROUP_NAMES, eventsOfGroups } from "@acme/clerk-sync/catalog";
import type { PackageManager } from "../app/inspect";
import { syncedGroupsOf } from "../edits/registry";
import { createContext, type PlanContext } from "./context";
import type { WebhookEventOptions } from "./options";
import {
  planClerkSync,
  planDb,
  planEnv,
  planGitignore,
  planGroupFiles,
  planInstrumentation,
  planNextConfig,
  planPackageJson,
  planPnpmWorkspace,
  planPrismaConfig,
  planProxy,
  planRegistry,
  planRoute,
  planSchema,
} from "./steps";
import type { NextSteps, PlannedChange, WebhookEventPlan } from "./types";

/**
 * Everything `webhook-event` would do to an app, computed from the files as they are and written
 * nowhere: preflight (throws a GeneratorError), then one create/update/skip per file.
 *
 * @example
 * const plan = planWebhookEvent({ appDir: "apps/web", groups: ["user"] });
 * plan.changes.map((c) => `${c.kind} ${c.path}`);
 */
export function planWebhookEvent(options: WebhookEventOptions): WebhookEventPlan {
  const ctx = createContext(options);
  const changes: PlannedChange[] = [
    planRoute(ctx),
    planProxy(ctx),
    planInstrumentation(ctx),
    planNextConfig(ctx),
    planSchema(ctx),
    planPrismaConfig(ctx),
    planDb(ctx),
    planClerkSync(ctx),
    ...planGroupFiles(ctx),
    planRegistry(ctx),
    ...planEnv(ctx),
    planPackageJson(ctx),
    planPnpmWorkspace(ctx),
  ].filter((change) => change !== undefined);
  changes.push(planGitignore(ctx, changes));
  const registry = changes.find((c) => c.path === ctx.rel(ctx.files.registry));
  // A registry created just now lists the chosen groups: no need to parse it back.
  const registered =
    registry?.kind === "create"
      ? ctx.groups
      : syncedGroupsOf(registry?.content ?? ctx.read(ctx.files.registry) ?? "");
  const syncedGroups = EVENT_GROUP_NAMES.filter(
    (g) => registered.includes(g) || ctx.groups.includes(g),
  );
  return {
    appDir: ctx.app.dir,
    groups: ctx.groups,
    syncedGroups,
    provider: ctx.provider,
    queue: ctx.queue,
    dryRun: options.dryRun ?? false,
    changes,
    nextSteps: nextSteps(ctx, changes, syncedGroups),
  };
}

/** Write the plan's creates and updates. Skips touch nothing. */
export function applyPlan(plan: WebhookEventPlan): void {
  for (const change of plan.changes) writeChange(plan.appDir, change);
}

/** Write one change of a plan (nothing for a skip). */
export function writeChange(appDir: string, change: PlannedChange): void {
  if (change.kind === "skip" || change.content === undefined) return;
  const file = path.join(appDir, change.path);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, change.content);
}

const EXEC: Record<PackageManager, string> = {
  pnpm: "pnpm exec",
  npm: "npx",
  yarn: "yarn",
  bun: "bunx",
};

/**
 * The install that also writes the new dependencies into the lockfile: with `CI` set, pnpm
 * installs with a frozen lockfile unless told otherwise, and the lockfile does not list them yet.
 */
const INSTALL: Record<PackageManager, string> = {
  pnpm: "pnpm install --no-frozen-lockfile",
  npm: "npm install",
  yarn: "yarn install",
  bun: "bun install",
};

function nextSteps(
  ctx: PlanContext,
  changes: PlannedChange[],
  syncedGroups: WebhookEventPlan["syncedGroups"],
): NextSteps {
  const changed = (file: string) =>
    changes.some((c) => c.path === ctx.rel(file) && c.kind !== "skip");
  const manager = ctx.app.packageManager;
  const exec = EXEC[manager];
  const commands: string[] = [];
  const notes: string[] = [];
  if (changed(ctx.files.packageJson)) commands.push(INSTALL[manager]);
  const schemaChanged = changes.some((c) => c.kind !== "skip" && c.path.endsWith(".prisma"));
  if (schemaChanged || changed(ctx.files.db)) commands.push(`${exec} prisma generate`);
  if (schemaChanged) commands.push(`${exec} prisma migrate dev --name clerk-sync`);
  if (ctx.queue === "bullmq") {
    commands.push(`${exec} clerk-sync worker --config ${ctx.configPath}`);
  }
  const envFile = [ctx.files.envLocal, ctx.files.env].find((f) => fs.existsSync(f) || changed(f));
  notes.push(
    `Set NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY (Clerk Dashboard → API keys) and CLERK_WEBHOOK_SIGNING_SECRET (your webhook endpoint's signing secret) in ${ctx.rel(envFile ?? ctx.files.envLocal)}, which git ignores: never in a committed file.`,
  );
  notes.push(
    `In the Clerk Dashboard → Webhooks, point an endpoint at https://<your app>${ctx.webhookPath} and subscribe it to the events below.`,
  );
  return { events: eventsOfGroups(syncedGroups), commands, notes };
}
