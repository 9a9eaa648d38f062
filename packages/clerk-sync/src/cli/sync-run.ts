import {
  type ClerkApiOptions,
  isListableGroup,
  LISTABLE_GROUPS,
  type ListableGroup,
  NOT_LISTABLE,
  type RunReport,
} from "../backfill/index.js";
import {
  EVENT_GROUP_NAMES,
  EVENT_GROUPS,
  type EventGroup,
  isEventGroup,
} from "../catalog/index.js";
import type { ClerkSync } from "../client.js";
import { clerkApiFromEnv } from "../env.js";
import { isClerkSyncError } from "../errors/index.js";
import { CONFIG_HELP, CONFIG_OPTIONS, parseCommand, positiveInteger } from "./args.js";
import { loadClerkSync } from "./config.js";
import { CliError, usageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { number, ProgressView, seconds, summaryTable } from "./progress.js";
import { closest } from "./suggest.js";

/** Options `backfill` and `reconcile` share. */
export const SYNC_RUN_OPTIONS = {
  ...CONFIG_OPTIONS,
  groups: { type: "string", multiple: true },
  rate: { type: "string" },
  "page-size": { type: "string" },
  "api-url": { type: "string" },
  json: { type: "boolean" },
} as const;

export const SYNC_RUN_HELP = `      --groups <a,b,…>     The event groups to cover (default: those the app syncs that Clerk can
                           list: ${LISTABLE_GROUPS.join(", ")})
      --rate <n>           At most n requests per 10 seconds (default: 90% of Clerk's limit for the
                           key, 900 for sk_live_ keys, 90 for sk_test_ ones)
      --page-size <n>      Objects per request, 2 to 500 (default 500, Clerk's maximum)
      --api-url <url>      Clerk's Backend API (default: CLERK_API_URL, else https://api.clerk.com)
      --json               Print the result as JSON
${CONFIG_HELP}

Reads CLERK_SECRET_KEY (and CLERK_API_URL) from the environment or the app's .env files.`;

type Values = {
  [K in keyof typeof SYNC_RUN_OPTIONS]?: K extends "groups" | "env-file"
    ? string[]
    : K extends "json" | "help"
      ? boolean
      : string;
};

export interface PreparedRun {
  clerkSync: ClerkSync;
  groups: EventGroup[];
  api: ClerkApiOptions;
  pageSize: number | undefined;
  view: ProgressView;
  signal: AbortSignal;
  /** Whether a stop signal arrived. */
  stopped(): boolean;
  close(): Promise<void>;
}

/**
 * Load the app's configuration, work out the groups and the API settings, and listen for Ctrl+C
 * (which stops the run between pages: what was written stays).
 */
export async function prepareSyncRun(
  command: "backfill" | "reconcile",
  values: Values,
  io: CliIo,
): Promise<PreparedRun> {
  const asked = parseGroups(command, values.groups);
  const rate =
    values.rate === undefined ? undefined : positiveInteger("rate", values.rate, 900, 100_000);
  const pageSize =
    values["page-size"] === undefined
      ? undefined
      : positiveInteger("page-size", values["page-size"], 500, 500);
  if (pageSize === 1) {
    throw usageError(
      "BAD_NUMBER",
      "--page-size must be from 2 to 500.",
      "For example --page-size 500.",
    );
  }
  const apiUrl = values["api-url"] === undefined ? undefined : checkedUrl(values["api-url"]);
  const { clerkSync } = await loadClerkSync(values.config, io, { envFiles: values["env-file"] });
  const groups = asked ?? syncedListableGroups(command, clerkSync, io, values.json === true);
  const env = clerkApiFromEnv(io.env);
  const api: ClerkApiOptions = {
    ...env,
    ...(apiUrl ? { apiUrl } : {}),
    ...(rate ? { requestsPer10s: rate } : {}),
  };
  if (!api.secretKey) {
    await clerkSync.close();
    throw new CliError("USAGE", `${command} needs the secret key of the Clerk instance to read.`, {
      suggestion:
        "Set CLERK_SECRET_KEY (Clerk Dashboard → API keys) in the environment or the app's .env.local.",
    });
  }
  const controller = new AbortController();
  let stop: string | undefined;
  const unlisten = io.onStop((signal) => {
    stop = signal;
    controller.abort(new Error(`stopped by ${signal}`));
  });
  return {
    clerkSync,
    groups,
    api,
    pageSize,
    view: new ProgressView(io, values.json === true),
    signal: controller.signal,
    stopped: () => stop !== undefined,
    async close() {
      unlisten();
      await clerkSync.close();
    },
  };
}

/** Print what a run did (or its JSON). */
export function printReport(io: CliIo, report: RunReport, json: boolean | undefined): void {
  if (json) {
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  for (const line of summaryTable(report)) io.out(line);
  const objects = report.groups.reduce((n, g) => n + g.listed, 0);
  const { api } = report;
  const pushback = [
    api.rateLimited > 0 ? `${api.rateLimited} rate-limited (429)` : "",
    api.serverErrors > 0 ? `${api.serverErrors} failed and retried` : "",
    api.waitedMs > 0 ? `waited ${seconds(api.waitedMs)}` : "",
  ].filter(Boolean);
  const rate = report.durationMs > 0 ? Math.round((objects * 1000) / report.durationMs) : 0;
  io.out(
    `${report.command === "backfill" ? "Backfilled" : "Compared"} ${number(objects)} objects in ${seconds(report.durationMs)} (${number(rate)}/s), ${number(api.requests)} requests${pushback.length > 0 ? `: ${pushback.join(", ")}` : ""}.`,
  );
  for (const { group, reason } of report.notListable) io.out(`Not listed: ${group}. ${reason}`);
}

/**
 * The shape both commands share: parse (with their own boolean `flags`), `--help`, no
 * positionals, load the app, run `execute`, and end cleanly on Ctrl+C or an error.
 */
export async function runSyncCommand(
  command: "backfill" | "reconcile",
  args: string[],
  io: CliIo,
  help: string,
  flags: readonly string[],
  execute: (
    values: Values & Record<string, string | boolean | string[] | undefined>,
    run: PreparedRun,
  ) => Promise<number>,
): Promise<number> {
  const values = parseCommand(
    command,
    args,
    {
      ...SYNC_RUN_OPTIONS,
      ...Object.fromEntries(flags.map((flag) => [flag, { type: "boolean" as const }])),
    },
    {
      help,
      example: `Choose groups with --groups, e.g. "clerk-sync ${command} --groups user,organization".`,
      out: io.out,
    },
  );
  if (!values) return 0;
  const prepared = await prepareSyncRun(command, values as Values, io);
  try {
    const code = await execute(values as Values, prepared);
    await prepared.close();
    return code;
  } catch (error) {
    if (isAbort(error, prepared)) return interrupted(io, command, prepared);
    prepared.view.finish();
    await prepared.close();
    throw error;
  }
}

async function interrupted(io: CliIo, command: string, run: PreparedRun): Promise<number> {
  run.view.finish();
  io.err(
    command === "backfill"
      ? "clerk-sync backfill: stopped. What was written stays; continue with: clerk-sync backfill --resume"
      : "clerk-sync reconcile: stopped; nothing was recorded.",
  );
  await run.close();
  return 130;
}

function parseGroups(command: string, given: string[] | undefined): EventGroup[] | undefined {
  if (!given) return undefined;
  const names = given
    .flatMap((g) => g.split(","))
    .map((g) => g.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw usageError("USAGE", "--groups is empty.", `For example --groups user,organization.`);
  }
  for (const name of names) {
    if (!isEventGroup(name)) {
      const near = closest(name, EVENT_GROUP_NAMES);
      throw usageError(
        "USAGE",
        `"${name}" is not an event group.`,
        `${near.length > 0 ? `Did you mean ${near.join(", ")}? ` : ""}The groups Clerk can list: ${LISTABLE_GROUPS.join(", ")}.`,
      );
    }
  }
  const groups = names as EventGroup[];
  if (!groups.some(isListableGroup)) {
    const reasons = groups.map((g) => NOT_LISTABLE[g as Exclude<EventGroup, ListableGroup>]);
    throw usageError(
      "USAGE",
      `Clerk's Backend API cannot list ${groups.join(", ")}, so there is nothing to ${command}: ${reasons.join(" ")}`,
      `The groups Clerk can list: ${LISTABLE_GROUPS.join(", ")}.`,
    );
  }
  return groups;
}

/** The groups the app handles events of, that Clerk can list. */
function syncedListableGroups(
  command: string,
  clerkSync: ClerkSync,
  io: CliIo,
  json: boolean,
): EventGroup[] {
  const synced = EVENT_GROUP_NAMES.filter((g) =>
    EVENT_GROUPS[g].events.some((t) => clerkSync.handles(t)),
  );
  const listable = synced.filter(isListableGroup);
  if (listable.length === 0) {
    throw new CliError(
      "USAGE",
      `The app syncs no group Clerk can list (it syncs: ${synced.join(", ") || "nothing"}).`,
      {
        exitCode: 2,
        suggestion: `Pass --groups to ${command} groups anyway; the groups Clerk can list: ${LISTABLE_GROUPS.join(", ")}.`,
      },
    );
  }
  if (!json) {
    const webhookOnly = synced.filter((g) => !isListableGroup(g));
    io.out(
      `${command}: ${listable.join(", ")}${webhookOnly.length > 0 ? ` (not listable, webhooks only: ${webhookOnly.join(", ")})` : ""}`,
    );
  }
  return listable;
}

function checkedUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value;
  } catch {}
  throw usageError(
    "BAD_URL",
    `--api-url "${value}" is not an http(s) URL.`,
    "For example --api-url https://api.clerk.com",
  );
}

/** Whether a run ended because Ctrl+C aborted it. */
function isAbort(error: unknown, run: PreparedRun): boolean {
  return run.stopped() && !isClerkSyncError(error);
}
