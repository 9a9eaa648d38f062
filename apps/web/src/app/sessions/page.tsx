import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { ListSearch } from "@/components/list-search";
import { PageHeader } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Table } from "@/components/table";
import { Time } from "@/components/time";
import { indexOrder, LIVE, shownText, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { decodeCursor, liveNewestFirst, olderThan, pageOf } from "@/lib/keyset";
import { organizationNames, userNames } from "@/lib/members";
import { param, type SearchParams } from "@/lib/search-params";

const PAGE = 200;

export const metadata: Metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

const TONES: Record<string, "ok" | "muted" | "warn" | "bad"> = {
  active: "ok",
  pending: "warn",
  ended: "muted",
  removed: "muted",
  revoked: "bad",
  expired: "muted",
  abandoned: "muted",
};

export default async function SessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // A user's sessions (the index on user_id) or every live session, last changed first.
  const q = param(params.q);
  const after = decodeCursor(param(params.after));
  const where = { deletedAt: null, ...(q ? { userId: q } : {}) };
  const [page, total] = await Promise.all([
    prisma.clerkSession
      .findMany({
        where: after ? { AND: [where, ...olderThan("updatedAt", after)] } : where,
        orderBy: liveNewestFirst("updatedAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (s) => s.updatedAt)),
    q
      ? undefined
      : tally("clerk_sessions", (take) =>
          prisma.clerkSession.count({
            where: LIVE,
            orderBy: indexOrder("deletedAt", "updatedAt", "id"),
            take,
          }),
        ),
  ]);
  const sessions = page.rows;
  const [users, orgs] = await Promise.all([
    userNames(sessions.map((s) => s.userId)),
    organizationNames(sessions.map((s) => s.lastActiveOrganizationId)),
  ]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Sessions"
        description="ClerkSession rows: each sign-in and its current status."
      >
        <AutoRefresh />
      </PageHeader>
      <ListSearch path="/sessions" q={q} placeholder="A user's sessions: user id (user_…)" />
      {sessions.length === 0 ? (
        q ? (
          <EmptyState
            title="No sessions for that user"
            action={{ href: "/sessions", label: "Show all sessions" }}
          >
            Search takes a user id (user_…) and lists that user's live sessions.
          </EmptyState>
        ) : (
          <EmptyState
            title="No sessions synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Sessions appear with <code>session.created</code>, and change status with{" "}
            <code>session.ended</code>, <code>session.revoked</code> and the rest of the session
            group.
          </EmptyState>
        )
      ) : (
        <Table
          label="Sessions"
          columns={[
            "User",
            "Status",
            "Active organization",
            "Last active",
            "Expires",
            "Client",
            "Id",
          ]}
        >
          {sessions.map((s) => (
            <tr key={s.id}>
              <Cell>
                <RefLink id={s.userId} names={users} kind="users" />
              </Cell>
              <Cell>
                <StateBadge tone={TONES[s.status] ?? "muted"}>{s.status}</StateBadge>
                {s.impersonated ? (
                  <span className="ml-2 text-xs text-amber-700">impersonated</span>
                ) : null}
              </Cell>
              <Cell>
                <RefLink id={s.lastActiveOrganizationId} names={orgs} kind="organizations" />
              </Cell>
              <Cell>
                <Time date={s.lastActiveAt} now={now} />
              </Cell>
              <Cell>
                <Time date={s.expireAt} now={now} />
              </Cell>
              <Cell mono>{s.clientId}</Cell>
              <Cell mono>{s.id}</Cell>
            </tr>
          ))}
        </Table>
      )}
      {sessions.length > 0 ? (
        <Pager
          testId="sessions-shown"
          newest={after ? pageHref("/sessions", { q }) : undefined}
          older={page.next ? pageHref("/sessions", { q, after: page.next }) : undefined}
        >
          {shownText({
            shown: sessions.length,
            ...(total ? { total } : {}),
            noun: "live session",
            search: Boolean(q),
            older: Boolean(after),
          })}
        </Pager>
      ) : null}
    </>
  );
}
