import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { DeletedToggle } from "@/components/deleted-toggle";
import { EmptyState } from "@/components/empty-state";
import { ListSearch } from "@/components/list-search";
import { PageHeader } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import type { Prisma } from "@/generated/prisma/client";
import { LIVE, LIVE_ORDER, shownText, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { decodeCursor, liveNewestFirst, newestFirst, olderThan, pageOf } from "@/lib/keyset";
import { membersOf } from "@/lib/members";
import { param, type SearchParams, showsDeleted } from "@/lib/search-params";

const PAGE = 200;

/** A user's or an organization's memberships by its id (an index each), else by identifier. */
function searchWhere(q: string): Prisma.ClerkOrganizationMembershipWhereInput {
  if (q.startsWith("user_")) return { userId: q };
  if (q.startsWith("org_")) return { organizationId: q };
  return { userIdentifier: { contains: q } };
}

export const metadata: Metadata = { title: "Memberships" };
export const dynamic = "force-dynamic";

export default async function MembershipsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const withDeleted = showsDeleted(params);
  const q = param(params.q);
  const after = decodeCursor(param(params.after));
  const where: Prisma.ClerkOrganizationMembershipWhereInput = {
    ...(withDeleted ? {} : { deletedAt: null }),
    ...(q ? searchWhere(q) : {}),
  };
  const [page, total] = await Promise.all([
    prisma.clerkOrganizationMembership
      .findMany({
        where: after ? { AND: [where, ...olderThan("createdAt", after)] } : where,
        orderBy: withDeleted ? newestFirst("createdAt") : liveNewestFirst("createdAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (m) => m.createdAt)),
    q || withDeleted
      ? undefined
      : tally("clerk_organization_memberships", (take) =>
          prisma.clerkOrganizationMembership.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
        ),
  ]);
  const memberships = page.rows;
  const [members, orgs] = await Promise.all([
    membersOf(memberships),
    prisma.clerkOrganization.findMany({
      where: {
        id: { in: memberships.flatMap((m) => (m.organizationId ? [m.organizationId] : [])) },
      },
      select: { id: true, name: true, deletedAt: true },
    }),
  ]);
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  const now = new Date();

  return (
    <>
      <PageHeader
        title="Memberships"
        description="Who belongs to which organization. A membership can arrive before its user or organization; it links up once they do."
      >
        <div className="flex items-center gap-2">
          <DeletedToggle path="/memberships" showing={withDeleted} />
          <AutoRefresh />
        </div>
      </PageHeader>
      <ListSearch
        path="/memberships"
        q={q}
        withDeleted={withDeleted}
        placeholder="Search user id, organization id or identifier"
      />
      {members.length === 0 ? (
        q ? (
          <EmptyState
            title="No membership matches that search"
            action={{ href: "/memberships", label: "Show all memberships" }}
          >
            Search takes a user id (user_…), an organization id (org_…), or part of the member's
            identifier.
          </EmptyState>
        ) : (
          <EmptyState
            title="No memberships synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Memberships appear when <code>organizationMembership.created</code> arrives.
          </EmptyState>
        )
      ) : (
        <Table
          label="Memberships"
          columns={["Member", "Organization", "Role", "State", "Since", "Id"]}
        >
          {members.map(({ membership: m, user, name }) => {
            return (
              <tr key={m.id} data-testid="membership-row" data-membership-id={m.id}>
                <Cell>
                  {user ? (
                    <Link href={`/users/${user.id}`} className="hover:underline">
                      {name}
                    </Link>
                  ) : (
                    <span title="The user has not been synced (yet)">{name}</span>
                  )}
                </Cell>
                <Cell>
                  <RefLink id={m.organizationId} names={orgNames} kind="organizations" />
                </Cell>
                <Cell mono>
                  <Maybe value={m.role} />
                </Cell>
                <Cell>
                  {m.deletedAt ? (
                    <StateBadge tone="muted">removed</StateBadge>
                  ) : (
                    <StateBadge tone="ok">member</StateBadge>
                  )}
                </Cell>
                <Cell>
                  <Time date={m.createdAt} now={now} />
                </Cell>
                <Cell mono>{m.id}</Cell>
              </tr>
            );
          })}
        </Table>
      )}
      {members.length > 0 ? (
        <Pager
          testId="memberships-shown"
          newest={
            after
              ? pageHref("/memberships", { q, deleted: withDeleted ? "1" : undefined })
              : undefined
          }
          older={
            page.next
              ? pageHref("/memberships", {
                  q,
                  deleted: withDeleted ? "1" : undefined,
                  after: page.next,
                })
              : undefined
          }
        >
          {shownText({
            shown: members.length,
            ...(total ? { total } : {}),
            noun: "membership",
            search: Boolean(q),
            older: Boolean(after),
          })}
        </Pager>
      ) : null}
    </>
  );
}
