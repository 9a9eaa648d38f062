import type { WebhookEventPlan } from "./types";

/**
 * The plan as the CLIs print it: one line per file (create / update / skip, and why), warnings,
 * then what to do next: commands, settings, and the Clerk Dashboard events to subscribe.
 *
 * @example console.log(formatPlan(planWebhookEvent({ appDir: ".", groups: ["user"] })));
 */
export function formatPlan(plan: WebhookEventPlan): string {
  return [formatChanges(plan), "", formatNextSteps(plan)].join("\n");
}

export function formatChanges(plan: WebhookEventPlan): string {
  const width = Math.max(...plan.changes.map((c) => c.path.length));
  const lines = [
    `webhook-event: ${plan.groups.join(", ")} → ${plan.appDir} (${plan.provider}, ${plan.queue} queue)${plan.dryRun ? " — dry run, nothing written" : ""}`,
  ];
  for (const change of plan.changes) {
    lines.push(`  ${change.kind.padEnd(6)}  ${change.path.padEnd(width)}  ${change.reason}`);
    for (const warning of change.warnings) lines.push(`          ! ${warning}`);
  }
  return lines.join("\n");
}

export function formatNextSteps(plan: WebhookEventPlan): string {
  const { commands, notes, events } = plan.nextSteps;
  const lines = ["Next steps:"];
  commands.forEach((command, i) => {
    lines.push(`  ${i + 1}. ${command}`);
  });
  for (const note of notes) lines.push(`  - ${note}`);
  lines.push(`Clerk Dashboard events to subscribe (${events.length}):`);
  lines.push(`  ${events.join(" ")}`);
  return lines.join("\n");
}
