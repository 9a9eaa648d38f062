import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { Avatar } from "@/components/avatar";
import { DeletedToggle } from "@/components/deleted-toggle";
import { EmptyState } from "@/components/empty-state";
import { ListSearch } from "@/components/list-search";
import { PageHeader } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { UserState } from "@/components/user-state";
import { formatTally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { decodeCursor } from "@/lib/keyset";
import { displayName } from "@/lib/people";
import { param, type SearchParams, showsDeleted } from "@/lib/search-params";
import { countLiveUsers, listUserPage } from "@/lib/users";

const PAGE = 200;

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const withDeleted = showsDeleted(params);
  const q = param(params.q);
  const after = decodeCursor(param(params.after));
  // Live users a page at a time; tombstones only when asked for.
  const live =
    withDeleted || q?.startsWith("user_")
      ? undefined
      : await listUserPage({
          take: PAGE,
          ...(q ? { search: q } : {}),
          ...(after ? { after } : {}),
        });
  const users = live
    ? live.rows
    : withDeleted
      ? await prisma.clerkUser.findMany({
          where: q ? { OR: [{ searchText: { contains: q.toLowerCase() } }, { id: q }] } : {},
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          take: PAGE,
        })
      : await prisma.clerkUser.findMany({ where: { id: q, deletedAt: null } });
  // Exact where it is cheap (every live user: an index count); a search is not counted.
  const total = live && !q ? await countLiveUsers() : undefined;
  const memberships = await prisma.clerkOrganizationMembership.groupBy({
    by: ["userId"],
    where: { deletedAt: null, userId: { in: users.map((u) => u.id) } },
    _count: { _all: true },
  });
  const orgCount = new Map(memberships.map((m) => [m.userId, m._count._all]));
  const now = new Date();

  return (
    <>
      <PageHeader title="Users" description="ClerkUser rows, kept in sync by user.* events.">
        <div className="flex items-center gap-2">
          <DeletedToggle path="/users" showing={withDeleted} />
          <AutoRefresh />
        </div>
      </PageHeader>
      <ListSearch
        path="/users"
        q={q}
        withDeleted={withDeleted}
        placeholder="Search name, username or email"
      />
      {users.length === 0 ? (
        q ? (
          <EmptyState
            title="No user matches that search"
            action={{ href: "/users", label: "Show all users" }}
          >
            Search looks at names, usernames and primary email addresses.
          </EmptyState>
        ) : (
          <EmptyState
            title="No users synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Users appear here when <code>user.created</code> arrives. Try the scenario “A user signs
            up and joins an organization”, or sign up in your Clerk app with the webhook endpoint
            configured.
          </EmptyState>
        )
      ) : (
        <Table
          label="Users"
          columns={["User", "Email", "Username", "State", "Orgs", "Last sign-in", "Created", "Id"]}
        >
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row" data-user-id={user.id}>
              <Cell>
                <Link
                  href={`/users/${user.id}`}
                  className="flex items-center gap-2 font-medium hover:underline"
                >
                  <Avatar person={user} />
                  {user.deletedAt ? (
                    <span className="text-zinc-400">Deleted user</span>
                  ) : (
                    displayName(user)
                  )}
                </Link>
              </Cell>
              <Cell>
                <Maybe value={user.primaryEmailAddress} />
              </Cell>
              <Cell>
                <Maybe value={user.username} />
              </Cell>
              <Cell>
                <UserState user={user} />
              </Cell>
              <Cell className="text-right tabular-nums">{orgCount.get(user.id) ?? 0}</Cell>
              <Cell>
                <Time date={user.lastSignInAt} now={now} />
              </Cell>
              <Cell>
                <Time date={user.createdAt} now={now} />
              </Cell>
              <Cell mono>{user.id}</Cell>
            </tr>
          ))}
        </Table>
      )}
      {users.length > 0 ? (
        <Pager
          testId="users-shown"
          newest={after ? pageHref("/users", { q }) : undefined}
          older={live?.next ? pageHref("/users", { q, after: live.next }) : undefined}
        >
          {total === undefined
            ? `Showing ${users.length} user${users.length === 1 ? "" : "s"}${q ? " matching the search" : ""}.`
            : `Showing ${users.length} of ${formatTally(total)} live users${after ? ", older page" : ""}.`}
        </Pager>
      ) : null}
    </>
  );
}
