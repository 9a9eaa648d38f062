import fs from "node:fs";
import path from "node:path";
import { EVENT_GROUP_NAMES, EVENT_GROUPS } from "@acme/clerk-sync/catalog";
import { findClerkWebhookRoutes } from "../app/webhook-routes";
import { unifiedDiff } from "../cli/diff";
import { isGeneratorError } from "../errors";
import {
  checkExistingRoute,
  checkProvider,
  checkQueue,
  resolveGroups,
  type WebhookEventOptions,
} from "./options";
import { planWebhookEvent, writeChange } from "./plan";
import { formatNextSteps } from "./report";
import type { PlannedChange, WebhookEventPlan } from "./types";

/** The part of plop's API (and turbo gen's, which mirrors it) the registration uses. */
export interface PlopLike {
  setGenerator(name: string, config: WebhookEventGeneratorConfig): unknown;
  getDestBasePath(): string;
}

export interface WebhookEventGeneratorConfig {
  description: string;
  /** The prompts, or (no terminal) a function that answers them from the command line. */
  prompts: PromptQuestion[] | ((inquirer: unknown) => Promise<Record<string, unknown>>);
  actions: (answers?: Record<string, unknown>) => Array<() => string>;
}

export interface PromptQuestion {
  type: string;
  name: keyof WebhookEventAnswers;
  message: string;
  default?: unknown;
  choices?: { name: string; value: string; short?: string }[];
  validate?: (value: unknown) => true | string;
  /** Whether to ask (inquirer): false records the answer as missing when nothing can be asked. */
  when?: (answers: Record<string, unknown>) => boolean;
  /** Turns a command-line answer into the prompt's value (plop and turbo gen call it). */
  bypass?: (value: string) => unknown;
  pageSize?: number;
}

/** The prompts' answers, in prompt order: also the positional command-line arguments. */
export interface WebhookEventAnswers {
  appDir: string;
  groups: string[];
  provider: string;
  queue: string;
  dryRun: boolean;
  /** Asked only when the app has a Clerk webhook route of its own. */
  existingRoute?: string;
}

export const GENERATOR_NAME = "webhook-event";

/**
 * The one `webhook-event` generator: its prompts (each answerable from the command line, in this
 * order: appDir, groups, provider, queue, dryRun, and existingRoute when the app has a Clerk
 * webhook route of its own) and its actions (one per file of the plan, reporting create /
 * update / skip, with the edit's unified diff in a dry run). Relative app directories resolve
 * against `baseDir`. With stdin not a terminal, a missing answer is not asked: the run writes
 * nothing, names every missing flag and sets the exit code to 2.
 *
 * @example
 * plop.setGenerator("webhook-event", webhookEventGenerator(plop.getDestBasePath()));
 */
export function webhookEventGenerator(baseDir: string): WebhookEventGeneratorConfig {
  const config: WebhookEventGeneratorConfig = {
    description: "Sync Clerk event groups into a Next.js app: route, proxy, Prisma models, hooks",
    prompts: [
      {
        type: "input",
        name: "appDir",
        message: "Next.js app directory",
        default: defaultAppDir(baseDir),
      },
      {
        type: "checkbox",
        name: "groups",
        message: "Event groups to sync (each with all of its events)",
        choices: EVENT_GROUP_NAMES.map((group) => ({
          name: `${EVENT_GROUPS[group].label} (${EVENT_GROUPS[group].events.join(", ")})`,
          value: group,
          short: group,
        })),
        pageSize: EVENT_GROUP_NAMES.length,
        validate: (value) =>
          Array.isArray(value) && value.length > 0 ? true : "Choose at least one group.",
        bypass: (value) => resolveGroups(value),
      },
      {
        type: "list",
        name: "provider",
        message: "Database",
        choices: [
          { name: "Detect from the app's Prisma schema (SQLite when it has none)", value: "auto" },
          { name: "SQLite", value: "sqlite" },
          { name: "PostgreSQL", value: "postgresql" },
        ],
        default: "auto",
        bypass: (value) => checkProvider(value),
      },
      {
        type: "list",
        name: "queue",
        message: "Queue",
        choices: [
          { name: "Detect from lib/clerk-sync.ts (inline when there is none)", value: "auto" },
          { name: "Inline: in the web process, right after the response", value: "inline" },
          { name: "BullMQ: Redis and separate worker processes", value: "bullmq" },
        ],
        default: "auto",
        bypass: (value) => checkQueue(value),
      },
      {
        type: "confirm",
        name: "dryRun",
        message: "Dry run (print the plan and each edit's diff, write nothing)?",
        default: false,
      },
      {
        type: "list",
        name: "existingRoute",
        message: "The app already receives Clerk webhooks in a route of its own",
        choices: [
          { name: "Replace it with the kit's route, at its path", value: "replace" },
          { name: "Keep it, and add the kit's route at /api/webhooks", value: "keep" },
        ],
        bypass: (value) => checkExistingRoute(value),
      },
    ],
    actions: (answers = {}) => {
      if (answers[MISSING] !== undefined) return [];
      const plan = planOrExplain({
        appDir: String(answers.appDir ?? "."),
        groups: (answers.groups as string[] | undefined) ?? [],
        provider: String(answers.provider ?? "auto") as WebhookEventOptions["provider"],
        queue: String(answers.queue ?? "auto") as WebhookEventOptions["queue"],
        dryRun: answers.dryRun === true,
        ...(typeof answers.existingRoute === "string"
          ? { existingRoute: answers.existingRoute as WebhookEventOptions["existingRoute"] }
          : {}),
        cwd: baseDir,
      });
      return [
        ...plan.changes.map((change) => () => applyChange(plan, change)),
        () => formatNextSteps(plan),
      ];
    },
  };
  const prompts = config.prompts as PromptQuestion[];
  const given = answersOnCommandLine(process.argv, prompts);
  if (given && !process.stdin.isTTY) {
    // Nothing can be asked: answer from the command line, or name every missing flag.
    config.prompts = async () => {
      const answers: Record<string, unknown> = {};
      for (const prompt of prompts) {
        const value = given[prompt.name];
        if (value === undefined) continue;
        answers[prompt.name] =
          prompt.type === "confirm"
            ? /^(y|yes|t|true)$/i.test(value)
            : prompt.bypass
              ? prompt.bypass(value)
              : value;
      }
      const missing = prompts
        .filter((p) => answers[p.name] === undefined && p.default === undefined)
        .filter((p) => p.name !== "existingRoute" || hasOwnWebhookRoute(baseDir, answers))
        .map((p) => `--${p.name}`);
      if (missing.length > 0) {
        process.stderr.write(
          `webhook-event: stdin is not a terminal, so nothing can be asked; missing ${missing.join(", ")} (by position, or after -- as --name=value). Nothing was written.\n`,
        );
        process.exitCode = 2;
        return { [MISSING]: missing };
      }
      for (const p of prompts) if (answers[p.name] === undefined) answers[p.name] = p.default;
      return answers;
    };
  } else if (given?.existingRoute === undefined) {
    // Asked only for an app with a Clerk webhook route of its own (a conditional prompt, which
    // plop cannot fill from the command line: only when it is not given there).
    const existing = prompts.find((p) => p.name === "existingRoute");
    if (existing) existing.when = (answers) => hasOwnWebhookRoute(baseDir, answers);
  }
  return config;
}

/** The actions' marker for a run that stopped for missing answers. */
const MISSING = "__missing";

/**
 * The answers given on the command line, by prompt name: plop's (`plop webhook-event a b -- --c=d`)
 * or turbo gen's (`@turbo/gen raw run --json {"args": [...]}`). Undefined when the command line is
 * neither (a programmatic run), so the prompts stay as they are.
 */
export function answersOnCommandLine(
  argv: readonly string[],
  prompts: readonly { name: string }[],
): Partial<Record<string, string>> | undefined {
  let positional: string[] = [];
  const named: Record<string, string> = {};
  const json = argv.indexOf("--json");
  const at = argv.indexOf(GENERATOR_NAME);
  if (argv.includes("raw") && json !== -1) {
    try {
      const payload = JSON.parse(argv[json + 1] ?? "") as { args?: unknown[] };
      positional = (payload.args ?? []).map(String);
    } catch {
      return undefined;
    }
  } else if (at !== -1) {
    const rest = argv.slice(at + 1);
    const dashes = rest.indexOf("--");
    positional = dashes === -1 ? rest : rest.slice(0, dashes);
    const flags = dashes === -1 ? [] : rest.slice(dashes + 1);
    for (let i = 0; i < flags.length; i++) {
      const match = /^--([^=]+)(?:=(.*))?$/.exec(flags[i] as string);
      if (!match) continue;
      const value = match[2] ?? (flags[i + 1]?.startsWith("--") ? "true" : flags[++i]);
      if (value !== undefined) named[match[1] as string] = value;
    }
  } else {
    return undefined;
  }
  const answers: Partial<Record<string, string>> = {};
  prompts.forEach((prompt, index) => {
    const value = named[prompt.name] ?? positional[index];
    // `_` skips a position, as plop reads it.
    if (value !== undefined && value !== "_") answers[prompt.name] = value;
  });
  return answers;
}

/** Whether the app has a Clerk webhook route of its own and none of the kit's yet. */
function hasOwnWebhookRoute(baseDir: string, answers: Record<string, unknown>): boolean {
  const appDir = path.resolve(baseDir, String(answers.appDir ?? "."));
  const routes = ["app", "src/app"]
    .map((dir) => path.join(appDir, dir))
    .filter((dir) => fs.existsSync(dir))
    .map((dir) => findClerkWebhookRoutes(dir))[0];
  return routes !== undefined && routes.own.length > 0 && routes.kit.length === 0;
}

/**
 * Register `webhook-event` with plop or turbo gen.
 *
 * @example
 * // plopfile.ts
 * export default (plop: NodePlopAPI) => registerWebhookEventGenerator(plop);
 */
export function registerWebhookEventGenerator(plop: PlopLike): void {
  plop.setGenerator(GENERATOR_NAME, webhookEventGenerator(plop.getDestBasePath()));
}

/** Plop prints an error's message only: put the suggestion in it. */
function planOrExplain(options: WebhookEventOptions): WebhookEventPlan {
  try {
    return planWebhookEvent(options);
  } catch (error) {
    if (isGeneratorError(error)) throw new Error(error.describe(), { cause: error });
    throw error;
  }
}

function applyChange(plan: WebhookEventPlan, change: PlannedChange): string {
  let diff = "";
  if (plan.dryRun && change.content !== undefined) {
    const file = path.join(plan.appDir, change.path);
    const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
    diff = `\n${unifiedDiff(change.path, before, change.content).trimEnd()}`;
  } else if (!plan.dryRun) {
    writeChange(plan.appDir, change);
  }
  const line = `${plan.dryRun ? "[dry run] " : ""}${change.kind} ${change.path}: ${change.reason}`;
  return [line, ...change.warnings.map((w) => `   ! ${w}`)].join("\n") + diff;
}

/** This directory if it is a Next.js app, else `apps/web` when that is one. */
function defaultAppDir(baseDir: string): string {
  const isNextApp = (dir: string) => {
    const file = path.join(baseDir, dir, "package.json");
    if (!fs.existsSync(file)) return false;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    return ["dependencies", "devDependencies"].some((field) =>
      Object.hasOwn((json[field] as Record<string, string> | undefined) ?? {}, "next"),
    );
  };
  if (isNextApp(".")) return ".";
  return isNextApp(path.join("apps", "web")) ? "apps/web" : ".";
}
