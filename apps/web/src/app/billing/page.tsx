import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader, Section } from "@/components/page-header";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/format";
import { organizationNames, userNames } from "@/lib/members";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

function tone(status: string): "ok" | "muted" | "warn" | "bad" {
  if (["active", "paid", "upcoming"].includes(status)) return "ok";
  if (["past_due", "failed", "incomplete"].includes(status)) return "bad";
  if (["pending", "free_trial_ending"].includes(status)) return "warn";
  return "muted";
}

export default async function BillingPage() {
  const [subscriptions, items, payments] = await Promise.all([
    prisma.clerkSubscription.findMany({
      where: { deletedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 100,
    }),
    prisma.clerkSubscriptionItem.findMany({
      where: { deletedAt: null },
      orderBy: [{ periodStart: "desc" }, { id: "asc" }],
      take: 200,
    }),
    prisma.clerkPaymentAttempt.findMany({
      where: { deletedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 200,
    }),
  ]);
  const all = [...subscriptions, ...items, ...payments];
  const [users, orgs] = await Promise.all([
    userNames(all.map((r) => r.userId)),
    organizationNames(all.map((r) => r.organizationId)),
  ]);
  const now = new Date();
  const payer = (r: {
    userId: string | null;
    organizationId: string | null;
    payerId: string | null;
  }) =>
    r.organizationId ? (
      <RefLink id={r.organizationId} names={orgs} kind="organizations" />
    ) : r.userId ? (
      <RefLink id={r.userId} names={users} kind="users" />
    ) : (
      <Maybe value={r.payerId} />
    );

  return (
    <>
      <PageHeader
        title="Billing"
        description="Clerk Billing: subscriptions, the plans inside them, and payment attempts."
      >
        <AutoRefresh />
      </PageHeader>
      <Section title="Subscriptions" description="ClerkSubscription, from subscription.* events.">
        {subscriptions.length === 0 ? (
          <EmptyState
            title="No subscriptions synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Subscriptions arrive with <code>subscription.created</code> once Clerk Billing is
            enabled and a user or organization picks a plan.
          </EmptyState>
        ) : (
          <Table
            label="Subscriptions"
            columns={["Payer", "Status", "Active since", "Past due", "Id"]}
          >
            {subscriptions.map((s) => (
              <tr key={s.id}>
                <Cell>{payer(s)}</Cell>
                <Cell>
                  <StateBadge tone={tone(s.status)}>{s.status}</StateBadge>
                </Cell>
                <Cell>
                  <Time date={s.activeAt} now={now} />
                </Cell>
                <Cell>
                  <Time date={s.pastDueAt} now={now} />
                </Cell>
                <Cell mono>{s.id}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section
        title="Subscription items"
        description="ClerkSubscriptionItem, from subscriptionItem.* events: one plan each."
      >
        {items.length === 0 ? (
          <EmptyState
            title="No subscription items synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Items arrive with <code>subscriptionItem.created</code> and follow the plan through{" "}
            <code>active</code>, <code>canceled</code>, <code>ended</code> and the other states.
          </EmptyState>
        ) : (
          <Table
            label="Subscription items"
            columns={["Payer", "Plan", "Period", "Amount", "Status", "Period ends"]}
          >
            {items.map((i) => (
              <tr key={i.id}>
                <Cell>{payer(i)}</Cell>
                <Cell>
                  <Maybe value={i.planName ?? i.planSlug} />
                  {i.isFreeTrial ? <span className="ml-2 text-xs text-sky-700">trial</span> : null}
                </Cell>
                <Cell>
                  <Maybe value={i.planPeriod} />
                </Cell>
                <Cell className="tabular-nums">
                  <Maybe value={formatMoney(i.amount, i.currency)} />
                </Cell>
                <Cell>
                  <StateBadge tone={tone(i.status)}>{i.status}</StateBadge>
                </Cell>
                <Cell>
                  <Time date={i.periodEnd} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section
        title="Payment attempts"
        description="ClerkPaymentAttempt, from paymentAttempt.* events."
      >
        {payments.length === 0 ? (
          <EmptyState
            title="No payment attempts synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Attempts arrive with <code>paymentAttempt.created</code> and settle with{" "}
            <code>paymentAttempt.updated</code>.
          </EmptyState>
        ) : (
          <Table
            label="Payment attempts"
            columns={["Payer", "Amount", "Status", "Type", "Failure", "Paid", "Created"]}
          >
            {payments.map((p) => (
              <tr key={p.id}>
                <Cell>{payer(p)}</Cell>
                <Cell className="tabular-nums">
                  <Maybe value={formatMoney(p.amount, p.currency)} />
                </Cell>
                <Cell>
                  <StateBadge tone={tone(p.status)}>{p.status}</StateBadge>
                </Cell>
                <Cell>
                  <Maybe value={p.chargeType} />
                </Cell>
                <Cell className="max-w-xs truncate">
                  <Maybe value={p.failedReason} />
                </Cell>
                <Cell>
                  <Time date={p.paidAt} now={now} />
                </Cell>
                <Cell>
                  <Time date={p.createdAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  );
}
