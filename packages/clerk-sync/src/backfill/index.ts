export {
  type ApiStats,
  type ApiWait,
  CLERK_RATE_LIMITS,
  type ClerkApi,
  type ClerkApiOptions,
  type ClerkClient,
  clerkApi,
} from "./api.js";
export {
  type BackfillOptions,
  backfill,
  type GroupReport,
  type ReconcileOptions,
  type RunPhase,
  type RunProgress,
  type RunReport,
  reconcile,
  type SyncRunOptions,
} from "./engine.js";
export {
  isListableGroup,
  LISTABLE_GROUPS,
  type ListableGroup,
  NOT_LISTABLE,
} from "./listable.js";
export { type GroupCounts, latestRun, type RunCommand, type RunRecord } from "./runs.js";
export type { ClerkObject } from "./sources.js";
export { canTombstone, syncDeletions, syncObjects, versionOf } from "./write.js";
