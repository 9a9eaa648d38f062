import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader, Section } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { indexOrder, LIVE, LIVE_ORDER, shownText, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/format";
import { decodeCursor, liveNewestFirst, olderThan, pageOf } from "@/lib/keyset";
import { organizationNames, userNames } from "@/lib/members";
import { param, type SearchParams } from "@/lib/search-params";

const PAGE = 200;

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

function tone(status: string): "ok" | "muted" | "warn" | "bad" {
  if (["active", "paid", "upcoming"].includes(status)) return "ok";
  if (["past_due", "failed", "incomplete"].includes(status)) return "bad";
  if (["pending", "free_trial_ending"].includes(status)) return "warn";
  return "muted";
}

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // Each list pages on its own: these are their cursors.
  const cursors = {
    subscription: param(params.subscription),
    item: param(params.item),
    payment: param(params.payment),
  };
  const subscriptionAfter = decodeCursor(cursors.subscription);
  const itemAfter = decodeCursor(cursors.item);
  const paymentAfter = decodeCursor(cursors.payment);
  const [subscriptionPage, itemPage, paymentPage, subscriptionTotal, itemTotal, paymentTotal] =
    await Promise.all([
      prisma.clerkSubscription
        .findMany({
          where: subscriptionAfter
            ? { AND: [LIVE, ...olderThan("createdAt", subscriptionAfter)] }
            : LIVE,
          orderBy: liveNewestFirst("createdAt"),
          take: PAGE + 1,
        })
        .then((rows) => pageOf(rows, PAGE, (r) => r.createdAt)),
      prisma.clerkSubscriptionItem
        .findMany({
          where: itemAfter ? { AND: [LIVE, ...olderThan("periodStart", itemAfter)] } : LIVE,
          orderBy: liveNewestFirst("periodStart"),
          take: PAGE + 1,
        })
        .then((rows) => pageOf(rows, PAGE, (r) => r.periodStart)),
      prisma.clerkPaymentAttempt
        .findMany({
          where: paymentAfter ? { AND: [LIVE, ...olderThan("createdAt", paymentAfter)] } : LIVE,
          orderBy: liveNewestFirst("createdAt"),
          take: PAGE + 1,
        })
        .then((rows) => pageOf(rows, PAGE, (r) => r.createdAt)),
      tally("clerk_subscriptions", (take) =>
        prisma.clerkSubscription.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
      ),
      tally("clerk_subscription_items", (take) =>
        prisma.clerkSubscriptionItem.count({
          where: LIVE,
          orderBy: indexOrder("deletedAt", "periodStart", "id"),
          take,
        }),
      ),
      tally("clerk_payment_attempts", (take) =>
        prisma.clerkPaymentAttempt.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
      ),
    ]);
  const subscriptions = subscriptionPage.rows;
  const items = itemPage.rows;
  const payments = paymentPage.rows;
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
        {subscriptions.length > 0 ? (
          <Pager
            testId="subscriptions-shown"
            newest={
              subscriptionAfter
                ? pageHref("/billing", { ...cursors, subscription: undefined })
                : undefined
            }
            older={
              subscriptionPage.next
                ? pageHref("/billing", { ...cursors, subscription: subscriptionPage.next })
                : undefined
            }
          >
            {shownText({
              shown: subscriptions.length,
              total: subscriptionTotal,
              noun: "subscription",
              older: Boolean(subscriptionAfter),
            })}
          </Pager>
        ) : null}
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
        {items.length > 0 ? (
          <Pager
            testId="subscription-items-shown"
            newest={itemAfter ? pageHref("/billing", { ...cursors, item: undefined }) : undefined}
            older={
              itemPage.next ? pageHref("/billing", { ...cursors, item: itemPage.next }) : undefined
            }
          >
            {shownText({
              shown: items.length,
              total: itemTotal,
              noun: "subscription item",
              older: Boolean(itemAfter),
            })}
          </Pager>
        ) : null}
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
        {payments.length > 0 ? (
          <Pager
            testId="payment-attempts-shown"
            newest={
              paymentAfter ? pageHref("/billing", { ...cursors, payment: undefined }) : undefined
            }
            older={
              paymentPage.next
                ? pageHref("/billing", { ...cursors, payment: paymentPage.next })
                : undefined
            }
          >
            {shownText({
              shown: payments.length,
              total: paymentTotal,
              noun: "payment attempt",
              older: Boolean(paymentAfter),
            })}
          </Pager>
        ) : null}
      </Section>
    </>
  );
}
