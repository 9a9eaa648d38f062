import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { DeletedToggle } from "@/components/deleted-toggle";
import { EmptyState } from "@/components/empty-state";
import { ListSearch } from "@/components/list-search";
import { PageHeader } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { StateBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import type { Prisma } from "@/generated/prisma/client";
import { LIVE, LIVE_ORDER, shownText, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { decodeCursor, liveNewestFirst, newestFirst, olderThan, pageOf } from "@/lib/keyset";
import { membersOf } from "@/lib/members";
import { param, type SearchParams, showsDeleted } from "@/lib/search-params";

const PAGE = 100;

export const metadata: Metadata = { title: "Organizations" };
export const dynamic = "force-dynamic";

export default async function OrganizationsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const withDeleted = showsDeleted(params);
  const q = param(params.q);
  const after = decodeCursor(param(params.after));
  const where: Prisma.ClerkOrganizationWhereInput = {
    ...(withDeleted ? {} : { deletedAt: null }),
    // Names by substring; slugs and ids by their beginning, which reads their indexes.
    ...(q
      ? {
          OR: [
            { name: { contains: q } },
            { slug: { gte: q, lt: `${q}\uffff` } },
            { id: { gte: q, lt: `${q}\uffff` } },
          ],
        }
      : {}),
  };
  const [page, total] = await Promise.all([
    prisma.clerkOrganization
      .findMany({
        where: after ? { AND: [where, ...olderThan("createdAt", after)] } : where,
        orderBy: withDeleted ? newestFirst("createdAt") : liveNewestFirst("createdAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (org) => org.createdAt)),
    q || withDeleted
      ? undefined
      : tally("clerk_organizations", (take) =>
          prisma.clerkOrganization.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
        ),
  ]);
  const orgs = page.rows;
  const memberships = await prisma.clerkOrganizationMembership.findMany({
    where: { deletedAt: null, organizationId: { in: orgs.map((o) => o.id) } },
    orderBy: { createdAt: "asc" },
  });
  const members = await membersOf(memberships);
  const now = new Date();

  return (
    <>
      <PageHeader
        title="Organizations"
        description="ClerkOrganization rows with their members (ClerkOrganizationMembership)."
      >
        <div className="flex items-center gap-2">
          <DeletedToggle path="/organizations" showing={withDeleted} />
          <AutoRefresh />
        </div>
      </PageHeader>
      <ListSearch
        path="/organizations"
        q={q}
        withDeleted={withDeleted}
        placeholder="Search name, slug or id"
      />
      {orgs.length === 0 ? (
        q ? (
          <EmptyState
            title="No organization matches that search"
            action={{ href: "/organizations", label: "Show all organizations" }}
          >
            Search looks at names, and at the beginning of slugs and ids.
          </EmptyState>
        ) : (
          <EmptyState
            title="No organizations synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Organizations appear when <code>organization.created</code> arrives, and their members
            with <code>organizationMembership.created</code> — in whichever order Svix delivers
            them.
          </EmptyState>
        )
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {orgs.map((org) => {
            const orgMembers = members.filter((m) => m.membership.organizationId === org.id);
            return (
              <li
                key={org.id}
                data-testid="org-card"
                data-org-id={org.id}
                className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm"
              >
                <div className="flex items-start justify-between gap-3">
                  <div>
                    <Link
                      href={`/organizations/${org.id}`}
                      className="font-semibold hover:underline"
                    >
                      {org.deletedAt ? "Deleted organization" : (org.name ?? org.id)}
                    </Link>
                    <p className="font-mono text-xs text-zinc-500">
                      {org.slug ? `${org.slug} · ` : ""}
                      {org.id}
                    </p>
                  </div>
                  {org.deletedAt ? (
                    <StateBadge tone="muted">deleted</StateBadge>
                  ) : (
                    <span className="text-xs text-zinc-500">
                      created <Time date={org.createdAt} now={now} />
                    </span>
                  )}
                </div>
                <p className="mt-3 text-xs font-medium uppercase tracking-wide text-zinc-400">
                  {orgMembers.length} member{orgMembers.length === 1 ? "" : "s"}
                </p>
                {orgMembers.length === 0 ? (
                  <p className="mt-1 text-sm text-zinc-500">No memberships synced yet.</p>
                ) : (
                  <ul className="mt-1 divide-y divide-zinc-100">
                    {orgMembers.map((m) => (
                      <li
                        key={m.membership.id}
                        className="flex items-center justify-between py-1.5 text-sm"
                        data-testid="org-member"
                      >
                        <span>
                          {m.user ? (
                            <Link href={`/users/${m.user.id}`} className="hover:underline">
                              {m.name}
                            </Link>
                          ) : (
                            m.name
                          )}
                          {m.email && m.email !== m.name ? (
                            <span className="ml-2 text-xs text-zinc-500">{m.email}</span>
                          ) : null}
                        </span>
                        <span className="font-mono text-xs text-zinc-600">{m.membership.role}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {orgs.length > 0 ? (
        <Pager
          testId="organizations-shown"
          newest={
            after
              ? pageHref("/organizations", { q, deleted: withDeleted ? "1" : undefined })
              : undefined
          }
          older={
            page.next
              ? pageHref("/organizations", {
                  q,
                  deleted: withDeleted ? "1" : undefined,
                  after: page.next,
                })
              : undefined
          }
        >
          {shownText({
            shown: orgs.length,
            ...(total ? { total } : {}),
            noun: "organization",
            search: Boolean(q),
            older: Boolean(after),
          })}
        </Pager>
      ) : null}
    </>
  );
}
