import type { ProcessOutcome } from "./processor.js";

interface Waiting {
  id: string;
  resolve: (outcome: ProcessOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the deliveries a queue hands over one by one into batches: a delivery that arrives
 * while `parallel` batches are running waits for the next, which takes every waiting one (up to
 * `maxBatch`) in one claim and one transaction. With nothing running a delivery goes at once,
 * alone, so a quiet app sees no added wait. Between batches it yields to the event loop, so the
 * requests a web process is answering get their turn at the database while a backlog drains.
 */
export class Coalescer {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly run: (ids: string[]) => Promise<ProcessOutcome[]>,
    private readonly options: { parallel: number; maxBatch: number },
  ) {}

  process(id: string): Promise<ProcessOutcome> {
    return new Promise<ProcessOutcome>((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.parallel && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running++;
      void this.runBatch(batch).finally(() => {
        this.running--;
        // Yield before the next batch: acknowledgements queued meanwhile go first.
        setImmediate(() => this.pump());
      });
    }
  }

  private async runBatch(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.run(batch.map((w) => w.id));
      for (const [i, waiting] of batch.entries()) waiting.resolve(outcomes[i] as ProcessOutcome);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
