import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const RELAY = fileURLToPath(new URL("pty-relay.py", import.meta.url));

/** Keys as a terminal sends them. */
export const KEYS = { enter: "\r", ctrlC: "\u0003" } as const;

/**
 * A program running in a real pseudo-terminal (through Python's `pty` module: no native addon to
 * install, and python3 is wherever node-gyp works), driven as a person would: wait for text on
 * the screen, type keys, read the exit code.
 *
 * @example
 * const term = Terminal.start("node", ["cli.js"], { cwd });
 * await term.waitFor("Where should the new repo go?");
 * term.type(KEYS.ctrlC);
 * await term.exit; // 130
 */
export class Terminal {
  private raw = "";
  readonly exit: Promise<number>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly log: string | undefined,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => this.append(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => this.append(chunk.toString()));
    this.exit = new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve(code ?? 1));
    });
  }

  static start(
    command: string,
    args: readonly string[],
    options: { cwd: string; env?: NodeJS.ProcessEnv; log?: string },
  ): Terminal {
    const child = spawn("python3", [RELAY, command, ...args], {
      cwd: options.cwd,
      env: { TERM: "xterm-256color", PTY_COLS: "120", ...(options.env ?? process.env) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    if (options.log) fs.appendFileSync(options.log, `\n$ [pty] ${command} ${args.join(" ")}\n`);
    return new Terminal(child, options.log);
  }

  /** What the screen showed so far, without colours and cursor movements. */
  get text(): string {
    return stripTerminalCodes(this.raw);
  }

  type(keys: string): void {
    this.child.stdin?.write(keys);
  }

  /** Wait until `expected` has been shown (after `from` characters of text, if given). */
  async waitFor(expected: string | RegExp, timeoutMs = 60_000, from = 0): Promise<void> {
    const seen = () => {
      const text = this.text.slice(from);
      return typeof expected === "string" ? text.includes(expected) : expected.test(text);
    };
    if (seen()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!seen()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${expected} on the terminal:\n${this.text}`));
      }, timeoutMs);
      const exited = () => {
        cleanup();
        if (seen()) resolve();
        else reject(new Error(`The program exited before showing ${expected}:\n${this.text}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.child.stdout?.off("data", check);
        this.child.off("close", exited);
      };
      this.child.stdout?.on("data", check);
      this.child.once("close", exited);
    });
  }

  /** Answer a prompt: wait for its question, then type. */
  async answer(question: string, keys: string): Promise<void> {
    await this.waitFor(question);
    this.type(keys);
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }

  private append(chunk: string): void {
    this.raw += chunk;
    if (this.log) fs.appendFileSync(this.log, chunk);
  }
}

export function stripTerminalCodes(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
      .replace(/\u001b\][^\u0007]*\u0007/g, "")
      .replace(/\r/g, "")
  );
}
