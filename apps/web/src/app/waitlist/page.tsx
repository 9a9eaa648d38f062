import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { ListSearch } from "@/components/list-search";
import { PageHeader } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { LIVE, LIVE_ORDER, shownText, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { decodeCursor, liveNewestFirst, olderThan, pageOf } from "@/lib/keyset";
import { param, type SearchParams } from "@/lib/search-params";

const PAGE = 200;

export const metadata: Metadata = { title: "Waitlist" };
export const dynamic = "force-dynamic";

export default async function WaitlistPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const q = param(params.q);
  const after = decodeCursor(param(params.after));
  // An email address by its beginning: a range on its index.
  const where = { deletedAt: null, ...(q ? { emailAddress: { gte: q, lt: `${q}\uffff` } } : {}) };
  const [page, total] = await Promise.all([
    prisma.clerkWaitlistEntry
      .findMany({
        where: after ? { AND: [where, ...olderThan("createdAt", after)] } : where,
        orderBy: liveNewestFirst("createdAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (e) => e.createdAt)),
    q
      ? undefined
      : tally("clerk_waitlist_entries", (take) =>
          prisma.clerkWaitlistEntry.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
        ),
  ]);
  const entries = page.rows;
  const now = new Date();
  return (
    <>
      <PageHeader title="Waitlist" description="ClerkWaitlistEntry, from waitlistEntry.* events.">
        <AutoRefresh />
      </PageHeader>
      <ListSearch path="/waitlist" q={q} placeholder="Email address, or its beginning" />
      {entries.length === 0 ? (
        q ? (
          <EmptyState
            title="No entry matches that search"
            action={{ href: "/waitlist", label: "Show the whole waitlist" }}
          >
            Search matches the beginning of email addresses.
          </EmptyState>
        ) : (
          <EmptyState
            title="Nobody on the waitlist yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Entries arrive with <code>waitlistEntry.created</code> when your Clerk instance runs in
            waitlist mode, and change with <code>waitlistEntry.updated</code> (invited, completed,
            rejected).
          </EmptyState>
        )
      ) : (
        <Table
          label="Waitlist"
          columns={["Email", "Status", "Locked", "Invitation", "Joined", "Updated"]}
        >
          {entries.map((e) => (
            <tr key={e.id}>
              <Cell>{e.emailAddress}</Cell>
              <Cell>
                <StateBadge
                  tone={e.status === "completed" ? "ok" : e.status === "rejected" ? "bad" : "warn"}
                >
                  {e.status}
                </StateBadge>
              </Cell>
              <Cell>{e.isLocked ? "yes" : "no"}</Cell>
              <Cell mono>
                <Maybe value={e.invitationId} />
              </Cell>
              <Cell>
                <Time date={e.createdAt} now={now} />
              </Cell>
              <Cell>
                <Time date={e.updatedAt} now={now} />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      {entries.length > 0 ? (
        <Pager
          testId="waitlist-shown"
          newest={after ? pageHref("/waitlist", { q }) : undefined}
          older={page.next ? pageHref("/waitlist", { q, after: page.next }) : undefined}
        >
          {shownText({
            shown: entries.length,
            ...(total ? { total } : {}),
            noun: "entry",
            plural: "entries",
            search: Boolean(q),
            older: Boolean(after),
          })}
        </Pager>
      ) : null}
    </>
  );
}
