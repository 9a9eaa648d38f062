import { describe, inject } from "vitest";
import { inlineQueue } from "../src/queue/index.js";
import { queueContract } from "./support/queue-contract.js";
import { removeQueue, testBullmqQueue } from "./support/queue-harness.js";

describe.each(inject("providers"))("queues on %s", (provider) => {
  queueContract("inline", provider, () => ({ queue: inlineQueue() }));

  describe.skipIf(!inject("redis"))("with Redis", () => {
    queueContract("bullmq", provider, () => {
      const queue = testBullmqQueue("contract", { concurrency: 4 });
      return { queue, cleanup: () => removeQueue(queue.queueName) };
    });
  });
});
