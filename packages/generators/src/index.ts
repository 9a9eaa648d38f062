export {
  type AppInfo,
  inspectApp,
  type PackageManager,
} from "./app/inspect.ts";
export { ensureWebhookRoutePublic } from "./edits/proxy.ts";
export { registerGroups } from "./edits/registry.ts";
export { GeneratorError, type GeneratorErrorCode, isGeneratorError } from "./errors.ts";
export { parseSchemaBlocks } from "./prisma/blocks.ts";
export {
  type DatabaseProvider,
  prismaModels,
  prismaModelsFor,
  renderPrismaSchema,
} from "./prisma/schema.ts";
export { TEMPLATES_DIR } from "./templates-dir.ts";
export { DEPENDENCY_VERSIONS } from "./versions.ts";
export {
  GENERATOR_NAME,
  type PlopLike,
  registerWebhookEventGenerator,
  type WebhookEventAnswers,
  webhookEventGenerator,
} from "./webhook-event/generator.ts";
export {
  type QueueKind,
  resolveGroups,
  type WebhookEventOptions,
} from "./webhook-event/options.ts";
export { applyPlan, planWebhookEvent } from "./webhook-event/plan.ts";
export { formatChanges, formatNextSteps, formatPlan } from "./webhook-event/report.ts";
export { runWebhookEventGenerator } from "./webhook-event/run.ts";
export type {
  ChangeKind,
  NextSteps,
  PlannedChange,
  WebhookEventPlan,
} from "./webhook-event/types.ts";
