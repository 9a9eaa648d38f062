import type { CreateOptions } from "../options/resolve.js";
import { NODE_VERSION } from "../versions.js";
import { APP_ENV_FILE } from "./app.js";
import { APP_DIR, APP_NAME } from "./repo.js";
import { WORKFLOW_CHECKS, WORKFLOW_FILE } from "./workflow.js";

/** The commands to run the repo, in order, with what each does (both READMEs show them). */
function runCommands(options: CreateOptions, filter: string): string {
  const rows: [string, string][] = [
    ["pnpm install", ""],
    [
      `pnpm ${filter}db:migrate --name init`,
      "prisma migrate dev: the first migration creates the tables",
    ],
    [`pnpm ${filter}dev`, "http://localhost:3000 (pnpm dev --port 3001 for another port)"],
  ];
  if (options.queue === "bullmq") {
    rows.push([`pnpm ${filter}worker`, "in another terminal: processes queued events"]);
  }
  rows.push(
    [`pnpm ${filter}test`, "signed events through the webhook route into a test database"],
    [
      `pnpm build && pnpm ${filter}start`,
      "production build; next start, also on PORT (or -- --port 3001)",
    ],
  );
  const width = Math.max(...rows.map(([command]) => command.length));
  return rows
    .map(([command, why]) => (why ? `${command.padEnd(width)}  # ${why}` : command))
    .join("\n");
}

/** The send command for a signed test event, as a user types it from the repo root. */
export const SEND_TEST_EVENT = `pnpm --filter ${APP_NAME} exec clerk-sync send user.created --url http://localhost:3000/api/webhooks`;

/** The new repo's README: what is where, how to run it, how to connect it to Clerk. */
export function readme(options: CreateOptions, events: readonly string[]): string {
  const database = options.database === "sqlite" ? "SQLite" : "PostgreSQL";
  const queue =
    options.queue === "inline"
      ? "processed in the web process right after the response (Next.js `after()`), with a sweeper for retries"
      : "queued in Redis with BullMQ and processed by separate worker processes (`pnpm worker`)";
  const services = [
    ...(options.database === "postgresql" ? ["PostgreSQL"] : []),
    ...(options.queue === "bullmq" ? ["Redis"] : []),
  ];
  const license =
    options.license === "none"
      ? ""
      : `\n## License\n\n${options.license}: see [LICENSE](LICENSE).\n`;
  return `# ${options.name}

A Next.js app that keeps Clerk's ${options.groups.join(", ")} data in its own ${database}
database through Clerk's Svix-signed webhooks. Every delivery is verified over its raw body,
recorded in a ledger keyed by \`svix-id\`, answered at once and applied exactly once in effect,
whatever the order or duplication of deliveries. Events are ${queue}.

## Layout

\`\`\`
${APP_DIR}                  the Next.js app (see its README)
  src/app/page.tsx         the home page: what the app syncs, the ledger, the next steps
  src/app/api/webhooks     the webhook route
  src/lib/clerk-sync.ts    the kit, configured: database, handlers, queue
  src/webhooks/            your hooks per event group, run after the kit's sync
  prisma/schema.prisma     the ledger and the synced models
  test/                    vitest: signed events through the webhook route into a test database
packages/clerk-sync        @acme/clerk-sync, the library: yours to read and change
packages/generators        the generators behind \`pnpm plop webhook-event\`
templates/                 what the generators render
${WORKFLOW_FILE}   CI on GitHub Actions: ${WORKFLOW_CHECKS.map((check) => check.replace("pnpm ", "")).join(", ")}
.env.example               every variable the repo reads
scripts/dev.mjs            pnpm dev: turbo's dev tasks, on the port you give
.nvmrc                     the Node.js version (${NODE_VERSION}) for nvm, fnm and CI
\`\`\`

## Run it

Node.js ${NODE_VERSION} (\`nvm use\`) and pnpm (\`corepack enable\` picks the version
\`packageManager\` pins)${services.length > 0 ? `, and ${services.join(" and ")} running` : ""}.

\`\`\`sh
${runCommands(options, "")}
\`\`\`

Open http://localhost:3000: the home page lists the events to subscribe to and shows the
ledger's counts. It is public (see \`${APP_DIR}/src/proxy.ts\`) so that it works before the app
has real Clerk keys: replace it before you deploy.

Send a signed test event to the running app (signed with its own secret) and watch the ledger
count it:

\`\`\`sh
${SEND_TEST_EVENT}
\`\`\`

The app's settings live in \`${APP_DIR}/${APP_ENV_FILE}\` (never committed; \`.env.example\`
lists every variable the repo reads). The generated \`CLERK_WEBHOOK_SIGNING_SECRET\` lets the
app accept events you sign yourself; the Clerk keys are placeholders that let the app start
without an account. \`PORT\`, \`DATABASE_URL\`, \`REDIS_URL\`, \`TEST_DATABASE_URL\` and
\`TEST_REDIS_URL\` from your shell reach every task through turbo (\`turbo.json\`).

\`pnpm dev\` runs every package's \`dev\` through turbo (the app's \`next dev\`, the library's
\`tsc --watch\`). \`pnpm dev --port 3001\` (or \`PORT=3001 pnpm dev\`) moves the app: turbo
would hand a \`--port\` argument to every task, so \`scripts/dev.mjs\` passes it as \`PORT\`.

## Connect Clerk

1. Clerk Dashboard → API keys: put the keys into \`NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY\` and
   \`CLERK_SECRET_KEY\`.
2. Webhooks → Add Endpoint: \`https://<your app>/api/webhooks\`, subscribed to:
${events.map((event) => `   - \`${event}\``).join("\n")}
3. Copy the endpoint's Signing Secret into \`CLERK_WEBHOOK_SIGNING_SECRET\`.

## CI

\`${WORKFLOW_FILE}\` runs on every push to main and every pull request: it installs with the
pinned pnpm on Node.js ${NODE_VERSION}, then runs ${WORKFLOW_CHECKS.map((check) => `\`${check}\``).join(", ")}${services.length > 0 ? `, with ${services.join(" and ")} as service containers` : ""}. The
placeholder publishable key it builds with is not a secret; add your real keys as repository
secrets only if a step needs them.

## Add event groups later

\`\`\`sh
pnpm plop webhook-event    # or: pnpm turbo gen webhook-event
\`\`\`

It adds the models, handler files and registrations for the groups you pick (running it twice
changes nothing), then tells you the migration to run and the events to subscribe.
${license}`;
}

/** The app's README, in place of create-next-app's: this app, run the way this repo runs. */
export function appReadme(options: CreateOptions): string {
  const filter = `--filter ${APP_NAME} `;
  return `# ${APP_NAME}

The Next.js app of ${options.name} (App Router, TypeScript, Tailwind CSS): it receives Clerk's
webhooks at \`/api/webhooks\` and keeps Clerk's data in its own
${options.database === "sqlite" ? "SQLite" : "PostgreSQL"} database through
\`@acme/clerk-sync\` (\`packages/clerk-sync\`).

From the repo root:

\`\`\`sh
${runCommands(options, filter)}
\`\`\`

Or the same scripts from this folder: \`pnpm dev\`, \`pnpm dev --port 3001\`, \`pnpm test\`, …
(build the library first: \`pnpm --filter @acme/clerk-sync build\`, which the root's turbo
tasks do for you).

${markdownTable(
  ["file", "what it is"],
  [
    [
      "`src/app/page.tsx`",
      "the home page: what the app syncs, the ledger's counts, the next steps (public; replace it)",
    ],
    ["`src/app/api/webhooks/route.ts`", "the webhook route: verify, record, schedule, respond"],
    ["`src/proxy.ts`", "Clerk's middleware; the webhook route and the home page are public"],
    ["`src/lib/clerk-sync.ts`", "the kit, configured: database, handlers, queue"],
    ["`src/lib/db.ts`", "the Prisma client"],
    [
      "`src/webhooks/`",
      "your hooks per event group, run after the kit's sync in the same transaction",
    ],
    ["`prisma/schema.prisma`", "the ledger and the synced models"],
    ["`test/`", "vitest: signed events through the route into a test database of its own"],
    ["`.env.example`", `the variables the app reads; yours go in \`${APP_ENV_FILE}\``],
  ],
)}
`;
}

/** A Markdown table with its columns padded, as the repo's formatter writes tables. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(row)),
  ].join("\n");
}
