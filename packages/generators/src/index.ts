export {
  type AppInfo,
  inspectApp,
  type PackageManager,
} from "./app/inspect.js";
export { ensureWebhookRoutePublic } from "./edits/proxy.js";
export { registerGroups } from "./edits/registry.js";
export { GeneratorError, type GeneratorErrorCode, isGeneratorError } from "./errors.js";
export { parseSchemaBlocks } from "./prisma/blocks.js";
export {
  type DatabaseProvider,
  prismaModels,
  prismaModelsFor,
  renderPrismaSchema,
} from "./prisma/schema.js";
export { TEMPLATES_DIR } from "./templates-dir.js";
export { DEPENDENCY_VERSIONS } from "./versions.js";
export {
  GENERATOR_NAME,
  type PlopLike,
  registerWebhookEventGenerator,
  type WebhookEventAnswers,
  webhookEventGenerator,
} from "./webhook-event/generator.js";
export {
  type QueueKind,
  resolveGroups,
  type WebhookEventOptions,
} from "./webhook-event/options.js";
export { applyPlan, planWebhookEvent } from "./webhook-event/plan.js";
export { formatChanges, formatNextSteps, formatPlan } from "./webhook-event/report.js";
export { runWebhookEventGenerator } from "./webhook-event/run.js";
export type {
  ChangeKind,
  NextSteps,
  PlannedChange,
  WebhookEventPlan,
} from "./webhook-event/types.js";
