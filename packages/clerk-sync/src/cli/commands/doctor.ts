import { type Check, runDoctor } from "../../doctor/index.js";
import { CONFIG_HELP, CONFIG_OPTIONS, parseCommand } from "../args.js";
import { type LoadedConfig, loadAppEnv, loadClerkSync } from "../config.js";
import { usageError } from "../errors.js";
import type { CliIo } from "../io.js";

export const summary = "Check the webhook setup end to end: one line per check, with the fix";

export const help = `Usage: clerk-sync doctor [--url <url>] [--json] [--config <module>]

Runs the webhook troubleshooting table as checks against the running app and its database, one
line each, ✓ or ✗ with the fix (– where a check does not apply):

  verification   the signing secret is set and well formed; a probe signed with it verifies at
                 the running route (the probe is not an event: the kit's route answers 400
                 INVALID_EVENT after verifying and records nothing)
  404            a route answers POST at that path
  401/307        an unsigned POST gets the route's 400, not the middleware's 401, 307 or 404
  no data        the database is reachable and migrated, a table for each synced group, SQLite in
                 WAL mode; backlog and its oldest delivery; failed and dead deliveries with the
                 last error; with BullMQ, Redis and workers consuming the queue
  *.created only every event type of each synced group has a handler; the events to subscribe
  also           the app's clock against this one; Clerk keys of the same instance

Exits 1 when any check fails.

Options:
      --url <url>         The webhook endpoint of the running app
                          (default http://localhost:$PORT/api/webhooks, PORT 3000)
      --json              Print the checks as JSON
${CONFIG_HELP}

Examples:
  clerk-sync doctor
  clerk-sync doctor --url https://staging.example.com/api/webhooks`;

const MARK = { ok: "✓", fail: "✗", skip: "–" } as const;

export async function run(args: string[], io: CliIo): Promise<number> {
  const values = parseCommand(
    "doctor",
    args,
    { ...CONFIG_OPTIONS, url: { type: "string" }, json: { type: "boolean" } },
    {
      help,
      example:
        'Give the endpoint with --url, e.g. "clerk-sync doctor --url http://localhost:3000/api/webhooks".',
      out: io.out,
    },
  );
  if (!values) return 0;
  // The app's .env first: even without a loadable configuration the other checks need it.
  loadAppEnv(io, values["env-file"]);
  const url = endpoint(values.url, io.env.PORT);
  let loaded: LoadedConfig | undefined;
  let config: Parameters<typeof runDoctor>[0]["config"];
  try {
    loaded = await loadClerkSync(values.config, io, { envFiles: values["env-file"] });
    config = { clerkSync: loaded.clerkSync, file: loaded.file, appRoot: loaded.root };
  } catch (error) {
    config = {
      error,
      ...(typeof (error as { suggestion?: unknown }).suggestion === "string"
        ? { suggestion: (error as { suggestion: string }).suggestion }
        : {}),
    };
  }
  try {
    const report = await runDoctor({ url, env: io.env, config });
    if (values.json) {
      io.out(JSON.stringify({ url, ...report }, null, 2));
    } else {
      io.out(`clerk-sync doctor: ${url}`);
      for (const check of report.checks) io.out(line(check));
      if (report.subscribe.length > 0) {
        io.out(
          `Subscribe the endpoint to (Clerk Dashboard → Webhooks): ${report.subscribe.join(" ")}`,
        );
      }
      const failures = report.checks.filter((c) => c.status === "fail").length;
      io.out(failures === 0 ? "All checks passed." : `${failures} check(s) failed.`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await loaded?.clerkSync.close();
  }
}

function line(check: Check): string {
  return `${MARK[check.status]} ${check.title}: ${check.detail}${check.fix ? ` → fix: ${check.fix}` : ""}`;
}

function endpoint(value: string | undefined, port: string | undefined): string {
  const given = value ?? `http://localhost:${port?.trim() || 3000}/api/webhooks`;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw usageError(
      "BAD_URL",
      `--url "${given}" is not a URL.`,
      "Give the full address: --url http://localhost:3000/api/webhooks",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(
      "BAD_URL",
      `--url must be http or https, got ${url.protocol}`,
      "For example --url http://localhost:3000/api/webhooks",
    );
  }
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/api/webhooks";
  return url.toString();
}
