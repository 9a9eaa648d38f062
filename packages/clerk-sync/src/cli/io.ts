/** What a command may touch of the outside world; `main.ts` wires it to the real process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Read, and for `.env` files filled in, by the commands. */
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Calls `listener` each time the process is asked to stop (SIGINT, SIGTERM). Returns a
   * function that stops listening.
   */
  onStop(listener: (signal: string) => void): () => void;
  /**
   * Replace the status line at the bottom of the terminal (a progress bar); "" clears it. Only
   * where stderr is a terminal: elsewhere commands print plain lines instead.
   */
  status?(line: string): void;
}
