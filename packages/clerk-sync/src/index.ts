export * from "./catalog/index.js";
export {
  type ClerkSync,
  type ClerkSyncOptions,
  createClerkSync,
  type HandleRequestOptions,
  type ReplayOptions,
} from "./client.js";
export {
  defineHandlers,
  type EventHandler,
  type HandlerContext,
  type HandlerMap,
  type HandlerSet,
} from "./dispatch/handlers.js";
export {
  ClerkSyncError,
  type ClerkSyncErrorCode,
  CodedError,
  isClerkSyncError,
  isCodedError,
} from "./errors/index.js";
export { assertSigningSecret } from "./ingest/secret.js";
export type { VerifyWebhook } from "./ingest/verify.js";
export type { PrismaClientLike, TransactionClient } from "./ledger/prisma-types.js";
export {
  DEFAULT_RETENTION_POLICY,
  type PruneResult,
  type RetentionPolicy,
} from "./ledger/retention.js";
export { Ledger, subjectOf } from "./ledger/store.js";
export { LEDGER_STATUSES, type LedgerRow, type LedgerStatus } from "./ledger/types.js";
export { consoleLogger, type Logger, silentLogger } from "./logging.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from "./processing/backoff.js";
export type { ProcessOutcome } from "./processing/processor.js";
export type { SweeperOptions } from "./processing/sweeper.js";
export { type InlineQueueOptions, inlineQueue } from "./queue/inline.js";
export type { Defer, EnqueueOptions, QueueRunner, SyncQueue } from "./queue/types.js";
