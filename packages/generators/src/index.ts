export {
  type AppInfo,
  inspectApp,
  type PackageManager,
} from "./app/inspect";
export { ensureWebhookRoutePublic } from "./edits/proxy";
export { registerGroups } from "./edits/registry";
export { GeneratorError, type GeneratorErrorCode, isGeneratorError } from "./errors";
export { parseSchemaBlocks } from "./prisma/blocks";
export {
  type DatabaseProvider,
  prismaModels,
  prismaModelsFor,
  renderPrismaSchema,
} from "./prisma/schema";
export { TEMPLATES_DIR } from "./templates-dir";
export { PINNED_DEPENDENCIES, type PinnedDependency, pinnedVersion } from "./versions";
export {
  GENERATOR_NAME,
  type PlopLike,
  registerWebhookEventGenerator,
  type WebhookEventAnswers,
  webhookEventGenerator,
} from "./webhook-event/generator";
export {
  PROVIDERS,
  QUEUE_KINDS,
  type QueueKind,
  resolveGroups,
  type WebhookEventOptions,
} from "./webhook-event/options";
export { applyPlan, planWebhookEvent } from "./webhook-event/plan";
export { formatChanges, formatNextSteps, formatPlan } from "./webhook-event/report";
export { runWebhookEventGenerator } from "./webhook-event/run";
export type {
  ChangeKind,
  NextSteps,
  PlannedChange,
  WebhookEventPlan,
} from "./webhook-event/types";
