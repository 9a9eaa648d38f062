import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { EVENT_GROUP_NAMES } from "@acme/clerk-sync/catalog";
import { GeneratorError, isGeneratorError } from "../errors";
import type { WebhookEventOptions } from "../webhook-event/options";
import { planWebhookEvent, writeChange } from "../webhook-event/plan";
import { formatChanges, formatNextSteps } from "../webhook-event/report";
import type { WebhookEventPlan } from "../webhook-event/types";
import { unifiedDiff } from "./diff";

/** Exit codes: 0 done, 1 the generator stopped (its error says why), 2 a usage error. */
export const EXIT = { ok: 0, stopped: 1, usage: 2 } as const;

/** Every flag, what it answers, and whether a run needs it (the rest have defaults). */
export const FLAGS = {
  appDir: { value: "<dir>", help: "the Next.js app, absolute or relative to here" },
  groups: { value: "<group,…|all>", help: `event groups: ${EVENT_GROUP_NAMES.join(", ")}` },
  provider: { value: "auto|sqlite|postgresql", help: "database (auto: the app's Prisma schema)" },
  queue: { value: "auto|inline|bullmq", help: "queue (auto: what lib/clerk-sync.ts uses)" },
  webhookPath: { value: "<path>", help: "where Clerk posts (default /api/webhooks)" },
  existingRoute: {
    value: "keep|replace",
    help: "when the app has a Clerk webhook route of its own: replace it with the kit's, or keep it",
  },
  dryRun: { value: "", help: "print a unified diff of every file it would write, write nothing" },
} as const;
type Flag = keyof typeof FLAGS;

export interface CliIo {
  argv: readonly string[];
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * `webhook-event`: the generator from the command line, without plop. Every answer is a flag;
 * a missing one is asked for on a terminal, and with no terminal (CI, a script) the command
 * exits 2 naming every missing flag. Returns the exit code.
 *
 * @example
 * // webhook-event --appDir ../my-app --groups user,organization --dryRun
 * process.exitCode = await main({ argv: process.argv.slice(2), cwd: process.cwd(), ...process });
 */
export async function main(io: CliIo): Promise<number> {
  let answers: Partial<Record<Flag, string>>;
  try {
    answers = parseFlags(io.argv);
  } catch (error) {
    io.stderr.write(`webhook-event: ${(error as Error).message}\n\n${usage()}`);
    return EXIT.usage;
  }
  if (answers.dryRun === "help") {
    io.stdout.write(usage());
    return EXIT.ok;
  }
  const interactive = io.stdin.isTTY === true;
  const ask = interactive ? prompter(io) : undefined;

  answers.appDir ??= defaultAppDir(io.cwd);
  const required: Flag[] = ["appDir", "groups"];
  for (;;) {
    const missing = required.filter((flag) => answers[flag] === undefined);
    if (missing.length > 0) {
      if (!ask) return missingFlags(io, missing);
      for (const flag of missing) answers[flag] = await ask.question(flag);
      continue;
    }
    let plan: WebhookEventPlan;
    try {
      plan = planWebhookEvent(toOptions(answers, io.cwd));
    } catch (error) {
      if (!isGeneratorError(error)) throw error;
      const flags = error.flags.filter((f): f is Flag => f in FLAGS);
      if (flags.length > 0 && !ask) {
        io.stderr.write(`webhook-event: ${error.describe()}\n`);
        return missingFlags(io, flags);
      }
      if (flags.length > 0 && ask) {
        io.stderr.write(`${error.describe()}\n`);
        for (const flag of flags) answers[flag] = await ask.question(flag);
        continue;
      }
      io.stderr.write(`webhook-event: ${error.describe()}\n`);
      ask?.close();
      return EXIT.stopped;
    }
    ask?.close();
    io.stdout.write(`${render(plan)}\n`);
    return EXIT.ok;
  }
}

/** The plan, with each edit as a unified diff in a dry run, written otherwise. */
function render(plan: WebhookEventPlan): string {
  const parts = [formatChanges(plan)];
  for (const change of plan.changes) {
    if (change.kind === "skip" || change.content === undefined) continue;
    if (plan.dryRun) {
      const file = path.join(plan.appDir, change.path);
      const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
      parts.push(unifiedDiff(change.path, before, change.content).trimEnd());
    } else {
      writeChange(plan.appDir, change);
    }
  }
  parts.push(formatNextSteps(plan));
  return parts.join("\n\n");
}

function missingFlags(io: CliIo, flags: readonly Flag[]): number {
  const lines = flags.map((f) => `  --${f} ${FLAGS[f].value}  ${FLAGS[f].help}`);
  io.stderr.write(
    `webhook-event: stdin is not a terminal, so nothing can be asked; missing ${flags.map((f) => `--${f}`).join(", ")}:\n${lines.join("\n")}\n`,
  );
  return EXIT.usage;
}

export function parseFlags(argv: readonly string[]): Partial<Record<Flag, string>> {
  const answers: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return { dryRun: "help" };
    if (arg === "--") continue;
    const match = /^--([A-Za-z]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument "${arg}"`);
    const flag = match[1] as string;
    if (!(flag in FLAGS)) throw new Error(`unknown flag --${flag}`);
    let value = match[2];
    if (flag === "dryRun") {
      const next = argv[i + 1];
      if (value === undefined && next !== undefined && /^(y|n|yes|no|true|false)$/i.test(next)) {
        value = next;
        i++;
      }
      answers.dryRun = /^(n|no|false)$/i.test(value ?? "") ? "false" : "true";
      continue;
    }
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`--${flag} needs a value`);
      i++;
    }
    answers[flag as Flag] = value;
  }
  return answers;
}

function toOptions(answers: Partial<Record<Flag, string>>, cwd: string): WebhookEventOptions {
  return {
    appDir: answers.appDir as string,
    groups: answers.groups === "all" ? "all" : (answers.groups ?? "").split(","),
    provider: (answers.provider ?? "auto") as WebhookEventOptions["provider"],
    queue: (answers.queue ?? "auto") as WebhookEventOptions["queue"],
    ...(answers.webhookPath ? { webhookPath: answers.webhookPath } : {}),
    ...(answers.existingRoute
      ? { existingRoute: answers.existingRoute as WebhookEventOptions["existingRoute"] }
      : {}),
    dryRun: answers.dryRun === "true",
    cwd,
  };
}

/** `.` when it is a Next.js app, else `apps/web` when that is one; else it must be asked. */
export function defaultAppDir(cwd: string): string | undefined {
  for (const dir of [".", path.join("apps", "web")]) {
    const file = path.join(cwd, dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    const hasNext = ["dependencies", "devDependencies"].some((field) =>
      Object.hasOwn((json[field] as Record<string, string> | undefined) ?? {}, "next"),
    );
    if (hasNext) return dir;
  }
  return undefined;
}

function prompter(io: CliIo) {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  return {
    async question(flag: Flag): Promise<string> {
      const answer = await rl.question(`${FLAGS[flag].help} (--${flag} ${FLAGS[flag].value}): `);
      return answer.trim();
    },
    close: () => rl.close(),
  };
}

export function usage(): string {
  const width = Math.max(...Object.entries(FLAGS).map(([f, d]) => f.length + d.value.length));
  const lines = Object.entries(FLAGS).map(
    ([flag, { value, help }]) => `  --${`${flag} ${value}`.padEnd(width + 2)} ${help}`,
  );
  return `Usage: webhook-event --appDir <dir> --groups <group,…|all> [options]

Adds Clerk webhook sync for the chosen event groups to a Next.js App Router app: the route, the
proxy/middleware exclusion, instrumentation.ts, the Prisma models, the hooks, the env keys.
Run it twice: the second run changes nothing.

${lines.join("\n")}

Exit codes: 0 done, 1 stopped before writing anything (the message says why and what to do),
2 a flag is missing (with no terminal to ask on) or unknown.
`;
}

export { GeneratorError };
