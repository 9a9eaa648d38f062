import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { styleText } from "node:util";
import * as p from "@clack/prompts";
import { isCreateError } from "./errors.js";
import { Interrupts } from "./interrupts.js";
import { loadKit } from "./kit.js";
import { nextSteps } from "./next-steps.js";
import { parseFlags, USAGE } from "./options/flags.js";
import { promptForOptions } from "./options/prompts.js";
import { type CreateOptions, resolveOptions } from "./options/resolve.js";
import { type Reporter, type ScaffoldResult, scaffold } from "./scaffold/index.js";

/**
 * `pnpm create @acme/clerk-sync [directory] [flags]`. Returns the exit code; only the last line
 * of this file exits.
 *
 * @example await main(["my-app", "--yes", "--no-install"]) // 0, and ./my-app exists
 */
export async function main(
  argv: readonly string[],
  interrupts: Interrupts = new Interrupts(),
): Promise<number> {
  const cwd = process.cwd();
  let interactive = false;
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    if (flags.version) {
      console.log(ownVersion());
      return 0;
    }
    interactive = !flags.yes && isInteractive();
    if (interactive) p.intro("create @acme/clerk-sync");

    const kit = await loadKit();
    const catalog = {
      names: kit.catalog.EVENT_GROUP_NAMES,
      groups: kit.catalog.EVENT_GROUPS,
    };
    const options = interactive
      ? await promptForOptions(flags, catalog, cwd)
      : resolveOptions(flags, catalog, cwd);

    const reporter = interactive ? spinnerReporter(interrupts) : lineReporter();
    const result = await scaffold(options, kit, reporter, interrupts);
    printSummary(options, result, kit.catalog.eventsOfGroups(options.groups), cwd, interactive);
    return 0;
  } catch (error) {
    // The interrupt handler cleans up, says what is left and exits.
    if (interrupts.interrupted) return 130;
    renderError(error, interactive);
    return isCreateError(error) && error.code === "CANCELLED" ? 130 : 1;
  }
}

/** Prompts need a person at a terminal: no TTY, or CI set, means defaults and flags only. */
export function isInteractive(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI !== "false";
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ci;
}

/**
 * Progress on a terminal: a spinner per step, as clack draws them. Not clack's own spinner: it
 * puts the terminal in raw mode (through @clack/core's `block()`), where Ctrl-C is a key that
 * `block()` answers with `process.exit(0)`. Left in its normal mode, the terminal turns Ctrl-C
 * into SIGINT for this process and the tools it runs, and the interrupt handler takes over.
 */
function spinnerReporter(interrupts: Interrupts): Reporter {
  const out = process.stdout;
  const frames = ["◒", "◐", "◓", "◑"];
  return {
    async step(title, task, done) {
      out.write(`${styleText("gray", "│")}\n`);
      let frame = 0;
      const draw = () => {
        out.write(
          `\r\u001b[2K${styleText("magenta", frames[frame % frames.length] ?? "")}  ${title}…`,
        );
        frame++;
      };
      draw();
      const timer = setInterval(draw, 120);
      const stop = (symbol: string, text: string) => {
        clearInterval(timer);
        out.write(`\r\u001b[2K${symbol}  ${text}\n`);
      };
      interrupts.beforeMessage = () => stop(styleText("red", "■"), title);
      try {
        const result = await task();
        stop(styleText("green", "◇"), done ? done(result) : title);
        return result;
      } catch (error) {
        stop(styleText("red", "▲"), `${title}: failed`);
        throw error;
      } finally {
        interrupts.beforeMessage = () => {};
      }
    },
    warn: (message) => p.log.warn(message),
  };
}

/** Progress for logs: one line when a step starts, one when it ends, with its duration. */
function lineReporter(): Reporter {
  return {
    async step(title, task, done) {
      console.log(`- ${title}…`);
      const started = performance.now();
      const result = await task();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`✔ ${done ? done(result) : title} (${seconds}s)`);
      return result;
    },
    warn: (message) => console.warn(`! ${message}`),
  };
}

function printSummary(
  options: CreateOptions,
  result: ScaffoldResult,
  events: readonly string[],
  cwd: string,
  interactive: boolean,
): void {
  const steps = nextSteps({ options, events, installed: result.installed, cwd });
  // Comments line up after the short commands; a long one (the send command) keeps its own.
  const width = Math.max(
    ...steps.commands.map(({ command }) => command.length).filter((length) => length <= 40),
  );
  const commands = steps.commands
    .map(({ command, why }) => (why ? `${command.padEnd(width)}  # ${why}` : command))
    .join("\n");
  const dashboard = steps.dashboard.map((line, index) => `${index + 1}. ${line}`).join("\n");
  const env = `Set in ${steps.env.file}: ${steps.env.keys.join(", ")}`;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const timing = result.installed
    ? `in ${seconds(result.timings.generate)} (+ ${seconds(result.timings.install)} installing)`
    : `in ${seconds(result.timings.generate)}`;
  const done = `Created ${options.name} ${timing}.`;
  const more = "Add event groups later: pnpm plop webhook-event";
  if (interactive) {
    p.note(commands, "Next steps");
    p.note(`${env}\n\n${dashboard}`, "Clerk Dashboard");
    p.outro(`${done} ${more}`);
    return;
  }
  console.log(
    `\n${done}\n\nNext steps:\n${indent(commands)}\n\nClerk Dashboard:\n${indent(env)}\n${indent(dashboard)}\n\n${more}`,
  );
}

function renderError(error: unknown, interactive: boolean): void {
  if (isCreateError(error)) {
    const text = `${error.message}\n${error.suggestion}`;
    if (interactive && error.code === "CANCELLED") p.cancel(error.message);
    else if (interactive) p.log.error(`${text}\n[${error.code}]`);
    else
      console.error(
        `✖ ${error.message}\n  ${error.suggestion.replaceAll("\n", "\n  ")}\n  [${error.code}]`,
      );
    return;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `  ${line}` : line))
    .join("\n");
}

function ownVersion(): string {
  const file = fileURLToPath(new URL("../package.json", import.meta.url));
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}
