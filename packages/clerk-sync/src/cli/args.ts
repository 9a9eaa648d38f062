import { type ParseArgsConfig, parseArgs } from "node:util";
import { usageError } from "./errors.js";

/**
 * Run `parse` (a strict `parseArgs`), turning its errors into usage errors that point at the
 * command's help.
 */
export function parsing<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw usageError(
      "USAGE",
      (error as Error).message,
      `Run "clerk-sync ${command} --help" for its options.`,
    );
  }
}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
type ParsedValues<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>["values"];

/**
 * Parse the options of a command that takes no positional arguments: strictly (an unknown
 * option is a usage error pointing at the help), printing `usage.help` and giving `undefined`
 * for `--help`, and refusing arguments with `usage.example`.
 *
 * @example
 * const values = parseCommand("sweep", args, CONFIG_OPTIONS, { help, example, out: io.out });
 * if (!values) return 0;
 */
export function parseCommand<const O extends OptionsConfig>(
  command: string,
  args: string[],
  options: O,
  usage: { help: string; example: string; out: (text: string) => void },
): ParsedValues<O> | undefined {
  const { values, positionals } = parsing(command, () =>
    parseArgs({ args, options, allowPositionals: true, strict: true }),
  );
  if ((values as { help?: unknown }).help) {
    usage.out(usage.help);
    return undefined;
  }
  noArguments(command, positionals, usage.example);
  return values as ParsedValues<O>;
}

/** A usage error for a command that takes no arguments but was given some. */
export function noArguments(
  command: string,
  positionals: readonly string[],
  example: string,
): void {
  if (positionals.length > 0) {
    throw usageError(
      "USAGE",
      `${command} takes no arguments, got "${positionals.join(" ")}".`,
      example,
    );
  }
}

/** A positive integer option, or a usage error naming it. */
export function positiveInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1 || number > max) {
    throw usageError(
      "BAD_NUMBER",
      `--${name} must be a whole number from 1 to ${max}, got "${value}".`,
      `For example --${name} ${Math.min(fallback, max)}.`,
    );
  }
  return number;
}

/** Options shared by the commands that load the app's configuration. */
export const CONFIG_OPTIONS = {
  config: { type: "string", short: "c" },
  "env-file": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

export const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

export const CONFIG_HELP = `  -c, --config <module>   The module that exports clerkSync (default: src/lib/clerk-sync.ts
                          or lib/clerk-sync.ts in the current directory)
      --env-file <path>   Read variables from this file (repeatable). Default: the app's
                          .env.$NODE_ENV.local, .env.local, .env.$NODE_ENV and .env, as Next.js does;
                          variables already set are never overwritten`;
