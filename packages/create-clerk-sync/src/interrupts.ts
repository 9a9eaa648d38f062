import { CreateError } from "./errors.js";
import { killRunning, stopRunning } from "./scaffold/run.js";
import type { Staging } from "./scaffold/staging.js";

/** What is on disk at this moment of the run, and so what an interrupt has to leave behind. */
type Phase =
  | { kind: "before" }
  | { kind: "writing"; staging: Staging }
  | { kind: "finishing"; step: string; directory: string; finish: string }
  | { kind: "done" };

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
};

/**
 * Every interrupt leaves either nothing or a complete repo, and says which. Before the repo is
 * complete it lives in a staging folder (see Staging), so leaving nothing means removing that
 * folder; once it is complete, installing and git only add to it, so an interrupt there keeps the
 * repo and prints the command that finishes the job.
 *
 * Two ways in, so that neither depends on who else is listening: SIGINT, SIGTERM and SIGHUP
 * (a terminal's Ctrl-C, `kill`, a closed terminal), and the process's `exit` event, for a library
 * that calls `process.exit` itself (as @clack/core's `block()` does on Ctrl-C in raw mode).
 */
export class Interrupts {
  private phase: Phase = { kind: "before" };
  /** The signal that interrupted the run, as soon as it arrived. */
  signal: NodeJS.Signals | undefined;
  /** Called before the message is printed (e.g. to stop a spinner drawing over it). */
  beforeMessage: () => void = () => {};

  get interrupted(): boolean {
    return this.signal !== undefined;
  }

  writing(staging: Staging): void {
    this.phase = { kind: "writing", staging };
  }

  /** The repo is complete; `step` adds to it, and `finish` is the command that completes it. */
  finishing(step: string, directory: string, finish: string): void {
    this.phase = { kind: "finishing", step, directory, finish };
  }

  /** Nothing left to undo: the run ended (or failed and cleaned up after itself). */
  done(): void {
    this.phase = { kind: "done" };
  }

  /** For the scaffold, between steps: stop as soon as an interrupt arrived. */
  throwIfInterrupted(): void {
    if (this.signal) {
      throw new CreateError("INTERRUPTED", `Interrupted (${this.signal}).`, {
        suggestion: "Run it again when you're ready.",
      });
    }
  }

  /**
   * Clean up for the current phase and return what to tell the user. Synchronous, so that an
   * exit handler can call it.
   */
  settle(): string {
    const phase = this.phase;
    this.phase = { kind: "done" };
    switch (phase.kind) {
      case "before":
        return "Interrupted: nothing was written.";
      case "writing":
        phase.staging.discard();
        return `Interrupted while writing the repo: nothing was written (${phase.staging.target} does not exist).`;
      case "finishing":
        return `Interrupted while ${phase.step}. The repo is complete in ${phase.directory}; to finish:\n  ${phase.finish}`;
      case "done":
        return "";
    }
  }

  /**
   * Listen for interrupts until the returned function is called. `write` prints the message
   * (stderr by default).
   */
  listen(write: (text: string) => void = (text) => process.stderr.write(text)): () => void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.signal) {
        // A second Ctrl-C while the tools stop: stop them now.
        killRunning();
        return;
      }
      this.signal = signal;
      void stopRunning(signal).then(() => {
        this.report(write);
        process.exit(EXIT_CODES[signal] ?? 130);
      });
    };
    const onExit = () => {
      if (this.signal || this.phase.kind === "done" || this.phase.kind === "before") return;
      // Someone called process.exit while the repo was being written or finished: treat it as
      // the interrupt it almost certainly was (no other code path exits mid-run).
      killRunning();
      this.report(write);
      process.exitCode = 130;
    };
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const signal of signals) process.on(signal, onSignal);
    process.on("exit", onExit);
    return () => {
      for (const signal of signals) process.off(signal, onSignal);
      process.off("exit", onExit);
    };
  }

  private report(write: (text: string) => void): void {
    this.beforeMessage();
    const message = this.settle();
    if (message) write(`\n✖ ${message}\n`);
  }
}
