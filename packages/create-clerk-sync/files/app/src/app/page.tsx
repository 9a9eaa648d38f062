import { EVENT_GROUPS, LEDGER_STATUSES } from "@acme/clerk-sync";
import { headers } from "next/headers";
import { prisma } from "@/lib/db";
import { syncedGroups } from "@/webhooks";

// The ledger's counts, read on every request.
export const dynamic = "force-dynamic";

/** The publishable key the app was created with: it lets the app start, and nothing more. */
const PLACEHOLDER_PUBLISHABLE_KEY = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";

type Ledger = { counts: Record<string, number>; total: number } | { problem: string };

/** Deliveries in the ledger, by status; or why they cannot be read (no tables yet, say). */
async function readLedger(): Promise<Ledger> {
  try {
    const rows = await prisma.clerkWebhookEvent.groupBy({
      by: ["status"],
      _count: { _all: true },
    });
    const counts: Record<string, number> = Object.fromEntries(
      LEDGER_STATUSES.map((status) => [status, 0]),
    );
    for (const row of rows) counts[row.status] = row._count._all;
    return { counts, total: rows.reduce((sum, row) => sum + row._count._all, 0) };
  } catch (error) {
    // Only the error's code: its message may name the database's host and user.
    const code = (error as { code?: unknown }).code;
    return { problem: typeof code === "string" ? code : "the database did not answer" };
  }
}

function Code({ children }: { children: string }) {
  return (
    <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[0.9em] dark:bg-zinc-800">
      {children}
    </code>
  );
}

function Command({ children }: { children: string }) {
  return (
    <pre className="overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-sm text-zinc-100">
      {children}
    </pre>
  );
}

/**
 * What this app syncs, what its ledger holds and how to connect it to Clerk. Public (see
 * src/proxy.ts), so it works before the app has real Clerk keys: replace it with your own page
 * before you deploy.
 */
export default async function Home() {
  const ledger = await readLedger();
  const requestHeaders = await headers();
  const host = requestHeaders.get("host") ?? "localhost:3000";
  const protocol = requestHeaders.get("x-forwarded-proto") ?? "http";
  const endpoint = `${protocol}://${host}/api/webhooks`;
  const placeholderKeys =
    !process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY ||
    process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY === PLACEHOLDER_PUBLISHABLE_KEY;
  const hasSigningSecret = Boolean(process.env.CLERK_WEBHOOK_SIGNING_SECRET);
  const events = syncedGroups.flatMap((group) => EVENT_GROUPS[group].events);

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-10 px-6 py-16 font-sans text-zinc-800 dark:text-zinc-200">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-semibold tracking-tight">Clerk sync</h1>
        <p className="text-lg text-zinc-600 dark:text-zinc-400">
          This app receives Clerk&apos;s webhooks at <Code>/api/webhooks</Code>, verifies them,
          records each delivery in a ledger and keeps Clerk&apos;s data in its own database.
        </p>
      </header>

      <section className="flex flex-col gap-3" aria-labelledby="synced">
        <h2 id="synced" className="text-xl font-semibold">
          What it syncs
        </h2>
        <ul className="flex flex-col gap-2">
          {syncedGroups.map((group) => (
            <li key={group}>
              <span className="font-medium">{EVENT_GROUPS[group].label}</span>
              <span className="text-zinc-500">: {EVENT_GROUPS[group].events.join(", ")}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="flex flex-col gap-3" aria-labelledby="ledger">
        <h2 id="ledger" className="text-xl font-semibold">
          The ledger
        </h2>
        {"problem" in ledger ? (
          <p>
            The ledger cannot be read yet ({ledger.problem}). Create the tables with{" "}
            <Code>pnpm db:migrate --name init</Code>, then reload.
          </p>
        ) : (
          <>
            <p>
              {ledger.total} {ledger.total === 1 ? "delivery" : "deliveries"} received.
            </p>
            <dl className="grid grid-cols-3 gap-3 sm:grid-cols-6">
              {Object.entries(ledger.counts).map(([status, count]) => (
                <div
                  key={status}
                  className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
                >
                  <dt className="text-sm text-zinc-500">{status}</dt>
                  <dd className="text-2xl font-semibold">{count}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </section>

      <section className="flex flex-col gap-4" aria-labelledby="next-steps">
        <h2 id="next-steps" className="text-xl font-semibold">
          Next steps
        </h2>
        <ol className="flex list-decimal flex-col gap-4 pl-5">
          <li>
            <p>
              <span className="font-medium">Set your Clerk keys.</span> Clerk Dashboard → API keys:
              copy them into <Code>NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY</Code> and{" "}
              <Code>CLERK_SECRET_KEY</Code> in <Code>apps/web/.env.local</Code>, then restart.{" "}
              {placeholderKeys
                ? "The app runs with placeholder keys now: they let it start, and sign nobody in."
                : "Your publishable key is set."}
            </p>
          </li>
          <li>
            <p>
              <span className="font-medium">Add the endpoint.</span> Clerk Dashboard → Webhooks →
              Add Endpoint: <Code>https://&lt;your app&gt;/api/webhooks</Code> (locally, through a
              tunnel to <Code>{endpoint}</Code>).
            </p>
          </li>
          <li>
            <p>
              <span className="font-medium">Subscribe it to these {events.length} events:</span>
            </p>
            <ul className="mt-2 flex flex-wrap gap-2">
              {events.map((event) => (
                <li key={event}>
                  <Code>{event}</Code>
                </li>
              ))}
            </ul>
          </li>
          <li>
            <p>
              <span className="font-medium">Copy its Signing Secret</span> into{" "}
              <Code>CLERK_WEBHOOK_SIGNING_SECRET</Code>.{" "}
              {hasSigningSecret
                ? "The one set now was generated for local testing."
                : "None is set: the endpoint refuses every delivery until it is."}
            </p>
          </li>
          <li>
            <p>
              <span className="font-medium">Send a signed test event</span>, signed with the
              app&apos;s own secret, and watch the ledger above count it:
            </p>
            <Command>{`pnpm --filter web exec clerk-sync send user.created --url ${endpoint}`}</Command>
          </li>
        </ol>
      </section>
    </main>
  );
}
