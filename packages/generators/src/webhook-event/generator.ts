import fs from "node:fs";
import path from "node:path";
import { EVENT_GROUP_NAMES, EVENT_GROUPS } from "@acme/clerk-sync/catalog";
import { isGeneratorError } from "../errors.ts";
import { checkProvider, checkQueue, resolveGroups, type WebhookEventOptions } from "./options.ts";
import { planWebhookEvent, writeChange } from "./plan.ts";
import { formatNextSteps } from "./report.ts";
import type { PlannedChange, WebhookEventPlan } from "./types.ts";

/** The part of plop's API (and turbo gen's, which mirrors it) the registration uses. */
export interface PlopLike {
  setGenerator(name: string, config: WebhookEventGeneratorConfig): unknown;
  getDestBasePath(): string;
}

export interface WebhookEventGeneratorConfig {
  description: string;
  prompts: PromptQuestion[];
  actions: (answers?: Record<string, unknown>) => Array<() => string>;
}

export interface PromptQuestion {
  type: string;
  name: keyof WebhookEventAnswers;
  message: string;
  default?: unknown;
  choices?: { name: string; value: string; short?: string }[];
  validate?: (value: unknown) => true | string;
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
}

export const GENERATOR_NAME = "webhook-event";

/**
 * The one `webhook-event` generator: its prompts (each answerable from the command line, in this
 * order: appDir, groups, provider, queue, dryRun) and its actions (one per file of the plan,
 * reporting create / update / skip). Relative app directories resolve against `baseDir`.
 *
 * @example
 * plop.setGenerator("webhook-event", webhookEventGenerator(plop.getDestBasePath()));
 */
export function webhookEventGenerator(baseDir: string): WebhookEventGeneratorConfig {
  return {
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
        message: "Dry run (print the plan, write nothing)?",
        default: false,
      },
    ],
    actions: (answers = {}) => {
      const plan = planOrExplain({
        appDir: String(answers.appDir ?? "."),
        groups: (answers.groups as string[] | undefined) ?? [],
        provider: String(answers.provider ?? "auto") as WebhookEventOptions["provider"],
        queue: String(answers.queue ?? "auto") as WebhookEventOptions["queue"],
        dryRun: answers.dryRun === true,
        cwd: baseDir,
      });
      return [
        ...plan.changes.map((change) => () => applyChange(plan, change)),
        () => formatNextSteps(plan),
      ];
    },
  };
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
  if (!plan.dryRun) writeChange(plan.appDir, change);
  const line = `${plan.dryRun ? "[dry run] " : ""}${change.kind} ${change.path}: ${change.reason}`;
  return [line, ...change.warnings.map((w) => `   ! ${w}`)].join("\n");
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
