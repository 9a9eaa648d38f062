import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { DeletedToggle } from "@/components/deleted-toggle";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";
import { membersOf } from "@/lib/members";
import { type SearchParams, showsDeleted } from "@/lib/search-params";

export const metadata: Metadata = { title: "Memberships" };
export const dynamic = "force-dynamic";

export default async function MembershipsPage({ searchParams }: { searchParams: SearchParams }) {
  const withDeleted = showsDeleted(await searchParams);
  const memberships = await prisma.clerkOrganizationMembership.findMany({
    where: withDeleted ? {} : { deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 200,
  });
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
      {members.length === 0 ? (
        <EmptyState
          title="No memberships synced yet"
          action={{ href: "/#send", label: "Send sample events" }}
        >
          Memberships appear when <code>organizationMembership.created</code> arrives.
        </EmptyState>
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
    </>
  );
}
