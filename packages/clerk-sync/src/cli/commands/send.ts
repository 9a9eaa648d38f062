import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  EVENT_GROUP_NAMES,
  EVENT_GROUPS,
  EVENT_TYPES,
  isCatalogedEventType,
} from "../../catalog/index.js";
import type { AnyClerkEvent } from "../../catalog/payloads.js";
import { describeError, isClerkSyncError } from "../../errors/index.js";
import { assertSigningSecret } from "../../ingest/secret.js";
import { fixture } from "../../samples/fixtures.js";
import {
  isScenarioName,
  SCENARIO_NAMES,
  SCENARIOS,
  type ScenarioDelivery,
  scenario,
} from "../../samples/scenarios.js";
import { newSvixId, signPayload } from "../../samples/sign.js";
import { HELP_OPTION, parsing, positiveInteger } from "../args.js";
import { loadAppEnv } from "../config.js";
import { CliError, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { closest } from "../suggest.js";

export const summary = "Send Svix-signed sample events to a webhook URL";

export const help = `Usage:
  clerk-sync send <event-type> --url <url> [--count <n>] [--svix-id <id>] [--secret <whsec_…>]
  clerk-sync send --scenario <name> --url <url> [--count <n>] [--fail-times <n>] [--secret <whsec_…>]
  clerk-sync send --file <payload.json> --url <url> [--svix-id <id>] [--secret <whsec_…>]
  clerk-sync send --list

Signs each delivery exactly as Svix does (real signatures, fresh svix-ids), POSTs it and prints
the response status, so a local app receives Clerk-shaped webhooks without a tunnel.

Options:
      --url <url>          The webhook endpoint, e.g. http://localhost:3000/api/webhooks
      --secret <whsec_…>   The endpoint's signing secret (default: CLERK_WEBHOOK_SIGNING_SECRET,
                           from the environment or the app's .env files, as Next.js reads them)
      --env-file <path>    Read CLERK_WEBHOOK_SIGNING_SECRET from this file (repeatable)
      --count <n>          Deliveries to send (default 1). With --svix-id, the same delivery n
                           times, as Svix redelivers it
      --svix-id <id>       Use this svix-id: resending an id is a redelivery
      --scenario <name>    A sequence of deliveries telling one story (see below). With
                           duplicate-burst, --count is the number of copies (default 10)
      --fail-times <n>     With failing-handler-recovers: how many attempts the app's hook
                           fails (default 2; at or above the retry limit, 8, it ends dead)
      --file <path>        A saved event (JSON): one event, an array of events, or deliveries
                           ({ "svixId", "payload" }) as the event log exports them
      --list               List the event types and scenarios
  -h, --help               Show this help

Scenarios:
${SCENARIO_NAMES.map((name) => `  ${name.padEnd(26)} ${SCENARIOS[name].title}`).join("\n")}

Examples:
  clerk-sync send user.created --url http://localhost:3000/api/webhooks
  clerk-sync send user.updated --count 5 --svix-id msg_demo --url http://localhost:3000/api/webhooks
  clerk-sync send --scenario out-of-order-storm --url http://localhost:3000/api/webhooks`;

const MAX_COUNT = 10_000;

const SEND_OPTIONS = {
  ...HELP_OPTION,
  url: { type: "string" },
  secret: { type: "string" },
  "env-file": { type: "string", multiple: true },
  count: { type: "string" },
  "svix-id": { type: "string" },
  scenario: { type: "string" },
  "fail-times": { type: "string" },
  file: { type: "string" },
  list: { type: "boolean" },
} as const;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parsing("send", () =>
    parseArgs({ args, options: SEND_OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) {
    io.out(help);
    return 0;
  }
  if (values.list) {
    io.out(listing());
    return 0;
  }
  const [eventType, ...extra] = positionals;
  const sources = [eventType, values.scenario, values.file].filter((s) => s !== undefined);
  if (sources.length !== 1 || extra.length > 0) {
    throw usageError(
      "USAGE",
      sources.length === 0
        ? "send needs what to send: an event type, --scenario or --file."
        : "send takes one of: an event type, --scenario, --file.",
      'For example "clerk-sync send user.created --url http://localhost:3000/api/webhooks"; "clerk-sync send --list" shows the event types and scenarios.',
    );
  }
  const count = positiveInteger("count", values.count, 1, MAX_COUNT);
  const svixId = values["svix-id"];
  if (svixId !== undefined && svixId.trim() === "") {
    throw usageError("USAGE", "--svix-id is empty.", "Omit it for fresh ids, or pass an id.");
  }

  // What to send first: a mistyped event type is the likeliest mistake.
  let deliveries: ScenarioDelivery[];
  if (values.scenario !== undefined) {
    deliveries = fromScenario(values.scenario, {
      count: values.count === undefined ? undefined : count,
      failTimes: values["fail-times"],
      svixId,
    });
  } else if (values["fail-times"] !== undefined) {
    throw usageError(
      "USAGE",
      "--fail-times applies to --scenario failing-handler-recovers only.",
      "Add --scenario failing-handler-recovers, or drop --fail-times.",
    );
  } else if (values.file !== undefined) {
    deliveries = repeat(fromFile(values.file, io, svixId), count, svixId !== undefined);
  } else {
    deliveries = fromEventType(eventType as string, count, svixId);
  }
  const url = endpoint(values.url);
  if (values.secret === undefined) loadAppEnv(io, values["env-file"]);
  const secret = signingSecret(values.secret ?? io.env.CLERK_WEBHOOK_SIGNING_SECRET);

  let accepted = 0;
  let duplicates = 0;
  for (const delivery of deliveries) {
    const { headers, body } = signPayload(delivery.payload, { secret, svixId: delivery.svixId });
    let response: Response;
    const started = performance.now();
    try {
      response = await fetch(url, { method: "POST", headers, body });
    } catch (error) {
      throw new CliError("SEND_FAILED", `Could not reach ${url}: ${describeError(cause(error))}.`, {
        cause: error,
        suggestion: `Is the app running? Start it (e.g. "pnpm dev") and check the port and path of --url.`,
      });
    }
    const answer = await describeResponse(response);
    const ms = Math.round(performance.now() - started);
    if (response.ok) accepted++;
    if (answer.duplicate) duplicates++;
    io.out(
      `${response.status} ${delivery.payload.type} ${delivery.svixId}${answer.note ? ` ${answer.note}` : ""} (${ms} ms)`,
    );
  }
  const rejected = deliveries.length - accepted;
  io.out(
    `Sent ${deliveries.length} deliver${deliveries.length === 1 ? "y" : "ies"} to ${url}: ${accepted} accepted${duplicates > 0 ? ` (${duplicates} as duplicates)` : ""}${rejected > 0 ? `, ${rejected} rejected` : ""}.`,
  );
  return rejected > 0 ? 1 : 0;
}

function endpoint(value: string | undefined): string {
  if (value === undefined) {
    throw usageError(
      "MISSING_URL",
      "send needs --url, the webhook endpoint to post to.",
      "For the demo app: --url http://localhost:3000/api/webhooks",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(
      "BAD_URL",
      `--url "${value}" is not a URL.`,
      "Give the full address, scheme included: --url http://localhost:3000/api/webhooks",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(
      "BAD_URL",
      `--url must be http or https, got ${url.protocol}`,
      "For example --url http://localhost:3000/api/webhooks",
    );
  }
  return url.toString();
}

function signingSecret(value: string | undefined): string {
  try {
    return assertSigningSecret(value);
  } catch (error) {
    if (!isClerkSyncError(error)) throw error;
    throw usageError(
      "BAD_SECRET",
      error.message,
      value
        ? "Pass the endpoint's signing secret, which starts with whsec_ (the app's CLERK_WEBHOOK_SIGNING_SECRET), with --secret."
        : "Pass --secret whsec_… (the signing secret of the app you send to), or set CLERK_WEBHOOK_SIGNING_SECRET in the environment or the app's .env.",
    );
  }
}

function fromEventType(type: string, count: number, svixId: string | undefined) {
  if (!isCatalogedEventType(type)) {
    if ((SCENARIO_NAMES as readonly string[]).includes(type)) {
      throw usageError(
        "UNKNOWN_EVENT_TYPE",
        `"${type}" is a scenario, not an event type.`,
        `Send it with --scenario: "clerk-sync send --scenario ${type} --url …".`,
      );
    }
    const near = closest(type, EVENT_TYPES);
    throw usageError(
      "UNKNOWN_EVENT_TYPE",
      `"${type}" is not a Clerk event type.`,
      near.length > 0
        ? `Did you mean ${near.join(", ")}? "clerk-sync send --list" shows them all.`
        : '"clerk-sync send --list" shows every event type; to send any JSON, use --file.',
    );
  }
  const make = (): AnyClerkEvent => {
    try {
      return fixture(type);
    } catch (error) {
      throw new CliError("NO_FIXTURE", `No sample payload for ${type}: ${describeError(error)}`, {
        suggestion: "Save a payload of that type to a file and send it with --file.",
      });
    }
  };
  if (svixId !== undefined) {
    const payload = make();
    return Array.from({ length: count }, () => ({ svixId, payload }));
  }
  return Array.from({ length: count }, () => ({ svixId: newSvixId(), payload: make() }));
}

function fromScenario(
  name: string,
  options: { count: number | undefined; failTimes: string | undefined; svixId: string | undefined },
): ScenarioDelivery[] {
  if (!isScenarioName(name)) {
    const near = closest(name, SCENARIO_NAMES);
    throw usageError(
      "UNKNOWN_SCENARIO",
      `There is no scenario "${name}".`,
      `${near.length > 0 ? `Did you mean ${near.join(", ")}? ` : ""}The scenarios: ${SCENARIO_NAMES.join(", ")}.`,
    );
  }
  if (options.svixId !== undefined) {
    throw usageError(
      "USAGE",
      "--scenario gives each delivery its own svix-id; --svix-id does not apply.",
      "Drop --svix-id, or send a single event type with it instead.",
    );
  }
  if (options.count !== undefined && name !== "duplicate-burst") {
    throw usageError(
      "USAGE",
      `--count applies to --scenario duplicate-burst (how many copies), not to ${name}.`,
      "Drop --count.",
    );
  }
  if (options.failTimes !== undefined && name !== "failing-handler-recovers") {
    throw usageError(
      "USAGE",
      `--fail-times applies to --scenario failing-handler-recovers, not to ${name}.`,
      "Drop --fail-times.",
    );
  }
  const failTimes =
    options.failTimes === undefined
      ? undefined
      : options.failTimes === "0"
        ? 0
        : positiveInteger("fail-times", options.failTimes, 2, 1_000);
  return scenario(name, {
    ...(options.count === undefined ? {} : { copies: options.count }),
    ...(failTimes === undefined ? {} : { failTimes }),
  }).deliveries;
}

function fromFile(file: string, io: CliIo, svixId: string | undefined): ScenarioDelivery[] {
  const absolute = path.resolve(io.cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(absolute, "utf8"));
  } catch (error) {
    throw usageError(
      "BAD_FILE",
      `Cannot read ${absolute} as JSON: ${describeError(error)}.`,
      'Give a JSON file holding a Clerk event ({ "type": "user.created", "data": {…} }), an array of them, or exported deliveries.',
    );
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const deliveries = items.map((item, index) => {
    const delivery = asDelivery(item);
    if (!delivery) {
      throw usageError(
        "BAD_FILE",
        `${absolute}${Array.isArray(parsed) ? ` item ${index}` : ""} is not a Clerk event: it needs a string "type" and an object "data".`,
        "Copy the payload from the event log or the Clerk Dashboard (Webhooks → Message → Payload).",
      );
    }
    return delivery;
  });
  if (deliveries.length === 0) {
    throw usageError(
      "BAD_FILE",
      `${absolute} holds an empty array.`,
      "Put at least one event in it.",
    );
  }
  if (svixId !== undefined) {
    if (deliveries.length > 1) {
      throw usageError(
        "USAGE",
        "--svix-id applies to a file with one event; this one has several.",
        "Drop --svix-id (each event gets its own id, or the one saved with it).",
      );
    }
    return deliveries.map((d) => ({ ...d, svixId }));
  }
  return deliveries;
}

/** An event, or a saved `{ svixId, payload }` delivery. */
function asDelivery(item: unknown): ScenarioDelivery | undefined {
  const isEvent = (value: unknown): value is AnyClerkEvent =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    typeof (value as { data?: unknown }).data === "object" &&
    (value as { data?: unknown }).data !== null;
  if (isEvent(item)) return { svixId: newSvixId(), payload: item };
  const saved = item as { svixId?: unknown; payload?: unknown } | null;
  if (saved && typeof saved.svixId === "string" && isEvent(saved.payload)) {
    return { svixId: saved.svixId, payload: saved.payload };
  }
  return undefined;
}

/** Each delivery `count` times: as the same delivery (`sameId`), or with fresh ids. */
function repeat(deliveries: ScenarioDelivery[], count: number, sameId: boolean) {
  return deliveries.flatMap((delivery) =>
    Array.from({ length: count }, (_, i) =>
      sameId || i === 0 ? delivery : { ...delivery, svixId: newSvixId() },
    ),
  );
}

async function describeResponse(
  response: Response,
): Promise<{ note?: string; duplicate?: boolean }> {
  const text = await response.text();
  let body: { duplicate?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    return response.ok ? {} : { note: text.slice(0, 200).replace(/\s+/g, " ") };
  }
  if (body?.duplicate === true) return { note: "duplicate", duplicate: true };
  if (body?.error) return { note: `${String(body.error.code)}: ${String(body.error.message)}` };
  return {};
}

function listing(): string {
  const groups = EVENT_GROUP_NAMES.map(
    (group) => `  ${group.padEnd(24)} ${EVENT_GROUPS[group].events.join(" ")}`,
  );
  const scenarios = SCENARIO_NAMES.map(
    (name) => `  ${name.padEnd(26)} ${SCENARIOS[name].title}: ${SCENARIOS[name].summary}`,
  );
  return `Event types, by group:\n${groups.join("\n")}\n\nScenarios:\n${scenarios.join("\n")}`;
}

/** fetch wraps the network error (ECONNREFUSED, …) in a TypeError's cause. */
function cause(error: unknown): unknown {
  return error instanceof TypeError && error.cause ? error.cause : error;
}
