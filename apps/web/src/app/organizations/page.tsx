import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { DeletedToggle } from "@/components/deleted-toggle";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";
import { membersOf } from "@/lib/members";
import { type SearchParams, showsDeleted } from "@/lib/search-params";

export const metadata: Metadata = { title: "Organizations" };
export const dynamic = "force-dynamic";

export default async function OrganizationsPage({ searchParams }: { searchParams: SearchParams }) {
  const withDeleted = showsDeleted(await searchParams);
  const orgs = await prisma.clerkOrganization.findMany({
    where: withDeleted ? {} : { deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 100,
  });
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
      {orgs.length === 0 ? (
        <EmptyState
          title="No organizations synced yet"
          action={{ href: "/#send", label: "Send sample events" }}
        >
          Organizations appear when <code>organization.created</code> arrives, and their members
          with <code>organizationMembership.created</code> — in whichever order Svix delivers them.
        </EmptyState>
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
    </>
  );
}
