import { EVENT_GROUP_NAMES, EVENT_GROUPS, LEDGER_STATUSES } from "@acme/clerk-sync";
import { SCENARIO_NAMES, SCENARIOS } from "@acme/clerk-sync/samples";
import Link from "next/link";
import type { ReactNode } from "react";
import { AutoRefresh } from "@/components/auto-refresh";
import { DriftPanel } from "@/components/drift-panel";
import { PageHeader, Section } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { DriftControls } from "@/demo/drift-controls";
import { isDemoMode } from "@/demo/keys";
import { SendPanel } from "@/demo/send-panel";
import { formatTally, indexOrder, isOne, LIVE, LIVE_ORDER, sumTallies, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { countByStatus, listEvents, syncLag } from "@/lib/events";
import { formatDuration } from "@/lib/format";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const now = new Date();
  const [counts, lag, recent, synced] = await Promise.all([
    countByStatus(),
    syncLag(now),
    listEvents({}, { take: 8 }),
    syncedCounts(),
  ]);
  const demo = isDemoMode();

  return (
    <>
      <PageHeader
        title="Overview"
        description="Clerk's webhooks, verified, recorded in the ledger and synced into this app's database."
      >
        <AutoRefresh />
      </PageHeader>

      <Section title="Deliveries by status">
        <div
          className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6"
          data-testid="status-counts"
        >
          {LEDGER_STATUSES.map((status) => (
            <Link
              key={status}
              href={`/events?status=${status}`}
              data-status-count={status}
              className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm hover:border-zinc-300"
            >
              <StatusBadge status={status} />
              <p className="mt-2 text-2xl font-semibold tabular-nums text-zinc-900">
                {formatTally(counts.byStatus[status])}
              </p>
            </Link>
          ))}
        </div>
      </Section>

      <Section title="Sync lag" description="How far the database is behind Clerk.">
        <div className="grid gap-3 sm:grid-cols-3" data-testid="sync-lag">
          <Figure
            label="Backlog"
            value={
              lag.backlogAgeMs === 0 ? "Caught up" : `${formatDuration(lag.backlogAgeMs)} behind`
            }
            note={
              lag.backlogAgeMs === 0
                ? "Nothing pending, processing or waiting to retry."
                : "Age of the oldest delivery not yet processed."
            }
            tone={lag.backlogAgeMs === 0 ? "ok" : lag.backlogAgeMs > 60_000 ? "bad" : "warn"}
          />
          <Figure
            label="Receipt to processed"
            value={lag.medianMs === null ? "—" : `${formatDuration(lag.medianMs)} median`}
            note={
              lag.medianMs === null || lag.maxMs === null
                ? "No delivery processed yet."
                : `Slowest ${formatDuration(lag.maxMs)}, over the last ${lag.sample} processed.`
            }
          />
          <Figure
            label="Last delivery"
            value={lag.lastReceivedAt ? <Time date={lag.lastReceivedAt} now={now} /> : "Never"}
            note={`${formatTally(counts.all)} deliver${isOne(counts.all) ? "y" : "ies"} recorded in all.`}
          />
        </div>
      </Section>

      {demo ? (
        <Section
          id="send"
          title="Send sample events"
          description="Signed with this app's own webhook secret and posted to its own /api/webhooks, exactly as Svix delivers Clerk's events."
        >
          <SendPanel
            scenarios={SCENARIO_NAMES.map((name) => ({ name, ...SCENARIOS[name] }))}
            groups={EVENT_GROUP_NAMES.map((group) => ({
              label: EVENT_GROUPS[group].label,
              events: EVENT_GROUPS[group].events,
            }))}
          />
        </Section>
      ) : (
        <Section id="send" title="Receiving Clerk's webhooks">
          <div className="rounded-xl border border-zinc-200 bg-white p-4 text-sm text-zinc-700 shadow-sm">
            In the Clerk Dashboard, open <strong>Webhooks</strong>, add an endpoint for{" "}
            <code>https://&lt;your domain&gt;/api/webhooks</code>, subscribe it to the events of the
            groups this app syncs, and put its signing secret in{" "}
            <code>CLERK_WEBHOOK_SIGNING_SECRET</code>.
          </div>
        </Section>
      )}

      <Section
        id="drift"
        title="Drift"
        description="Whether this database matches Clerk: what webhooks missed, by group."
      >
        <DriftPanel now={now}>{demo ? <DriftControls /> : null}</DriftPanel>
      </Section>

      <Section title="Synced data">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
          {synced.map((item) => (
            <Link
              key={item.href + item.label}
              href={item.href}
              className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm hover:border-zinc-300"
            >
              <p className="text-xs font-medium text-zinc-500">{item.label}</p>
              <p className="mt-1 text-xl font-semibold tabular-nums">{formatTally(item.count)}</p>
            </Link>
          ))}
        </div>
      </Section>

      <Section title="Latest deliveries">
        {recent.rows.length === 0 ? (
          <p className="text-sm text-zinc-500">
            Nothing received yet.{" "}
            {demo
              ? "Send a scenario above to watch it arrive."
              : "Deliveries show here as Clerk sends them."}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm">
            {recent.rows.map((row) => (
              <li
                key={row.id}
                className="flex items-center justify-between gap-3 px-3 py-2 text-sm"
              >
                <Link
                  href={`/events/${encodeURIComponent(row.id)}`}
                  className="font-mono text-xs hover:underline"
                >
                  {row.type}
                </Link>
                <span className="flex items-center gap-3">
                  <StatusBadge status={row.status} />
                  <span className="w-20 text-right text-xs text-zinc-500">
                    <Time date={row.receivedAt} now={now} />
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
        <Link href="/events" className="mt-2 inline-block text-sm text-sky-700 hover:underline">
          Full event log →
        </Link>
      </Section>
    </>
  );
}

/** Live rows of each synced model: exact while cheap, else labelled estimates. */
async function syncedCounts() {
  const [
    users,
    orgs,
    memberships,
    sessions,
    orgInvites,
    invites,
    roles,
    waitlist,
    emails,
    subscriptions,
  ] = await Promise.all([
    tally("clerk_users", (take) =>
      prisma.clerkUser.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
    ),
    tally("clerk_organizations", (take) =>
      prisma.clerkOrganization.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
    ),
    tally("clerk_organization_memberships", (take) =>
      prisma.clerkOrganizationMembership.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
    ),
    tally("clerk_sessions", (take) =>
      prisma.clerkSession.count({
        where: LIVE,
        orderBy: indexOrder("deletedAt", "updatedAt", "id"),
        take,
      }),
    ),
    tally("clerk_organization_invitations", (take) =>
      prisma.clerkOrganizationInvitation.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
    ),
    tally("clerk_invitations", (take) =>
      prisma.clerkInvitation.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
    ),
    tally("clerk_roles", (take) => prisma.clerkRole.count({ where: LIVE, take })),
    tally("clerk_waitlist_entries", (take) =>
      prisma.clerkWaitlistEntry.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
    ),
    tally("clerk_emails", (take) =>
      prisma.clerkEmail.count({ where: LIVE, orderBy: indexOrder("createdAt", "id"), take }),
    ),
    tally("clerk_subscriptions", (take) =>
      prisma.clerkSubscription.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
    ),
  ]);
  return [
    { label: "Users", count: users, href: "/users" },
    { label: "Organizations", count: orgs, href: "/organizations" },
    { label: "Memberships", count: memberships, href: "/memberships" },
    { label: "Sessions", count: sessions, href: "/sessions" },
    { label: "Invitations", count: sumTallies(orgInvites, invites), href: "/invitations" },
    { label: "Roles", count: roles, href: "/roles" },
    { label: "Waitlist", count: waitlist, href: "/waitlist" },
    { label: "Emails", count: emails, href: "/communication" },
    { label: "Subscriptions", count: subscriptions, href: "/billing" },
  ];
}

function Figure({
  label,
  value,
  note,
  tone,
}: {
  label: string;
  value: ReactNode;
  note: string;
  tone?: "ok" | "warn" | "bad";
}) {
  const color =
    tone === "ok"
      ? "text-emerald-700"
      : tone === "warn"
        ? "text-amber-700"
        : tone === "bad"
          ? "text-red-700"
          : "text-zinc-900";
  return (
    <div className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
      <p className="text-xs font-medium text-zinc-500">{label}</p>
      <p className={`mt-1 text-lg font-semibold ${color}`}>{value}</p>
      <p className="mt-1 text-xs text-zinc-500">{note}</p>
    </div>
  );
}
