import fs from "node:fs";
import { describeError, isClerkSyncError } from "../errors/index.js";
import * as backfill from "./commands/backfill.js";
import * as doctor from "./commands/doctor.js";
import * as fakeApi from "./commands/fake-api.js";
import * as prune from "./commands/prune.js";
import * as reconcile from "./commands/reconcile.js";
import * as replay from "./commands/replay.js";
import * as send from "./commands/send.js";
import * as sweep from "./commands/sweep.js";
import * as worker from "./commands/worker.js";
import { CliError } from "./errors.js";
import type { CliIo } from "./io.js";
import { closest } from "./suggest.js";

interface Command {
  summary: string;
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const COMMANDS = {
  worker,
  sweep,
  replay,
  send,
  backfill,
  reconcile,
  doctor,
  prune,
  "fake-api": fakeApi,
} satisfies Record<string, Command>;
type CommandName = keyof typeof COMMANDS;

const HELP = `Usage: clerk-sync <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join("\n")}

Run "clerk-sync <command> --help" for a command's options.`;

/**
 * The `clerk-sync` command line, minus the process: returns the exit code, and writes only
 * through `io`. Every error ends here, printed once with its suggestion.
 *
 * @example process.exitCode = await runCli(["send", "user.created", "--url", url], io)
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? args[0] : undefined;
      io.out(topic && isCommand(topic) ? COMMANDS[topic].help : HELP);
      return 0;
    }
    if (name === "--version" || name === "-v") {
      io.out(version());
      return 0;
    }
    if (!isCommand(name)) {
      const near = closest(name, Object.keys(COMMANDS));
      throw new CliError("UNKNOWN_COMMAND", `Unknown command "${name}".`, {
        exitCode: 2,
        suggestion: `${near.length > 0 ? `Did you mean ${near.join(", ")}? ` : ""}The commands: ${Object.keys(COMMANDS).join(", ")}.`,
      });
    }
    return await COMMANDS[name].run(args, io);
  } catch (error) {
    return report(error, io);
  }
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CliError || isClerkSyncError(error) || isExplained(error)) {
    io.err(`clerk-sync: ${error.message}`);
    io.err(`  ${error.suggestion}`);
    if (io.env.CLERK_SYNC_DEBUG && error.cause instanceof Error) io.err(String(error.cause.stack));
    return error instanceof CliError ? error.exitCode : 1;
  }
  io.err(`clerk-sync: unexpected error: ${describeError(error)}`);
  if (io.env.CLERK_SYNC_DEBUG && error instanceof Error) io.err(String(error.stack));
  else io.err("  Set CLERK_SYNC_DEBUG=1 to print the stack.");
  return 1;
}

/**
 * An error with a code and a suggestion, like the kit's own: the app's configuration may load
 * another copy of the kit (a second install, or its source), whose classes are not this one's.
 */
function isExplained(error: unknown): error is Error & { code: string; suggestion: string } {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { suggestion?: unknown }).suggestion === "string"
  );
}

function version(): string {
  // src/cli and dist/cli are both two levels below the package root.
  const manifest = new URL("../../package.json", import.meta.url);
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}
