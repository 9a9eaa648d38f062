import type { CreateOptions } from "../options/resolve.js";
import { APP_DIR } from "./repo.js";

/** The new repo's README: what is where, how to run it, how to connect it to Clerk. */
export function readme(options: CreateOptions, events: readonly string[]): string {
  const database = options.database === "sqlite" ? "SQLite" : "PostgreSQL";
  const queue =
    options.queue === "inline"
      ? "processed in the web process right after the response (Next.js `after()`), with a sweeper for retries"
      : "queued in Redis with BullMQ and processed by separate worker processes (`pnpm worker`)";
  const worker =
    options.queue === "bullmq"
      ? "pnpm worker                  # in another terminal: processes queued events (clerk-sync worker)\n"
      : "";
  return `# ${options.name}

A Next.js app that keeps Clerk's ${options.groups.join(", ")} data in its own ${database}
database through Clerk's Svix-signed webhooks. Every delivery is verified over its raw body,
recorded in a ledger keyed by \`svix-id\`, answered at once and applied exactly once in effect,
whatever the order or duplication of deliveries. Events are ${queue}.

## Layout

\`\`\`
${APP_DIR}                  the Next.js app (create-next-app) with the webhook wiring
  src/app/api/webhooks     the webhook route
  src/lib/clerk-sync.ts    the kit, configured: database, handlers, queue
  src/webhooks/            your hooks per event group, run after the kit's sync
  prisma/schema.prisma     the ledger and the synced models
  test/                    vitest: signed events through the app's handler into a test database
packages/clerk-sync        @acme/clerk-sync, the library: yours to read and change
packages/generators        the generators behind \`pnpm plop webhook-event\`
templates/                 what the generators render
\`\`\`

## Run it

\`\`\`sh
pnpm install
pnpm db:migrate --name init  # prisma migrate dev: the first migration creates the tables
pnpm dev                     # http://localhost:3000, webhooks at /api/webhooks
${worker}pnpm test                    # build the library, then the app's tests
pnpm build && pnpm start
\`\`\`

Configuration lives in \`${APP_DIR}/.env\` (\`.env.example\` lists every key). The generated
\`CLERK_WEBHOOK_SIGNING_SECRET\` lets the app accept events you sign yourself; the Clerk keys are
placeholders that let the app start without an account.

## Connect Clerk

1. Clerk Dashboard → API keys: put the keys into \`NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY\` and
   \`CLERK_SECRET_KEY\`.
2. Webhooks → Add Endpoint: \`https://<your app>/api/webhooks\`, subscribed to:
${events.map((event) => `   - \`${event}\``).join("\n")}
3. Copy the endpoint's Signing Secret into \`CLERK_WEBHOOK_SIGNING_SECRET\`.

## Add event groups later

\`\`\`sh
pnpm plop webhook-event    # or: pnpm turbo gen webhook-event
\`\`\`

It adds the models, handler files and registrations for the groups you pick (running it twice
changes nothing), then tells you the migration to run and the events to subscribe.
`;
}
