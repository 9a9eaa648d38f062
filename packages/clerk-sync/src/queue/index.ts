export {
  type BullmqQueueOptions,
  type BullmqSyncQueue,
  bullmqQueue,
  type RedisClientLike,
  type RedisConnectionOptions,
} from "./bullmq.js";
export { type InlineQueueOptions, inlineQueue } from "./inline.js";
export type {
  Defer,
  EnqueueOptions,
  QueueRunner,
  StartWorkerOptions,
  SyncQueue,
} from "./types.js";
