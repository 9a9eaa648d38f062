import type { WebhookEventOptions } from "./options";
import { applyPlan, planWebhookEvent } from "./plan";
import type { WebhookEventPlan } from "./types";

/**
 * Run `webhook-event` without prompts (the create scaffold, scripts, tests): plan, then write the
 * creates and updates unless `dryRun`. Synchronous, offline, installs nothing. Returns the plan:
 * every file with create / update / skip and why, and the next steps to print.
 * Throws a GeneratorError (code + suggestion) from preflight, before anything is written.
 *
 * @example
 * const plan = runWebhookEventGenerator({
 *   appDir: "my-app/apps/web",
 *   groups: ["user", "organization", "organizationMembership"],
 *   provider: "sqlite",
 *   queue: "inline",
 * });
 * console.log(formatPlan(plan));
 */
export function runWebhookEventGenerator(options: WebhookEventOptions): WebhookEventPlan {
  const plan = planWebhookEvent(options);
  if (!plan.dryRun) applyPlan(plan);
  return plan;
}
