import { getOrganizationWithMembers } from "@acme/clerk-sync/prisma";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JsonDetails } from "@/components/json-view";
import { PageHeader, Section } from "@/components/page-header";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";
import { describeMember, type Member, membersOf } from "@/lib/members";

export const metadata: Metadata = { title: "Organization" };
export const dynamic = "force-dynamic";

export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const org = await prisma.clerkOrganization.findUnique({ where: { id } });
  if (!org) notFound();
  const [live, formerMemberships, invitations, domains] = await Promise.all([
    getOrganizationWithMembers(prisma, id),
    prisma.clerkOrganizationMembership.findMany({
      where: { organizationId: id, deletedAt: { not: null } },
      orderBy: { createdAt: "asc" },
    }),
    prisma.clerkOrganizationInvitation.findMany({
      where: { organizationId: id },
      orderBy: { createdAt: "desc" },
    }),
    prisma.clerkOrganizationDomain.findMany({
      where: { organizationId: id },
      orderBy: { name: "asc" },
    }),
  ]);
  // Live members come from the kit's query helper (null for a deleted organization).
  const members = (live?.members ?? []).map((m) => describeMember(m.membership, m.user));
  const former = await membersOf(formerMemberships);
  const now = new Date();

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/organizations" className="text-zinc-600 hover:text-zinc-900">
          ← Organizations
        </Link>
      </p>
      <PageHeader
        title={org.deletedAt ? "Deleted organization" : (org.name ?? org.id)}
        description={
          <span className="font-mono text-xs">
            {org.slug ? `${org.slug} · ` : ""}
            {org.id}
          </span>
        }
      >
        {org.deletedAt ? <StateBadge tone="muted">deleted</StateBadge> : null}
      </PageHeader>

      <Section title="Members">
        {members.length === 0 ? (
          <p className="text-sm text-zinc-500">No memberships synced for this organization yet.</p>
        ) : (
          <Table label="Members" columns={["Member", "Email", "Role", "Permissions", "Joined"]}>
            {members.map((m) => (
              <tr key={m.membership.id}>
                <Cell>
                  <MemberName member={m} />
                </Cell>
                <Cell>
                  <Maybe value={m.email} />
                </Cell>
                <Cell mono>
                  <Maybe value={m.membership.role} />
                </Cell>
                <Cell mono className="whitespace-normal">
                  {asStrings(m.membership.permissions).join(", ") || <Maybe value={null} />}
                </Cell>
                <Cell>
                  <Time date={m.membership.createdAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      {former.length > 0 ? (
        <Section
          title="Former members"
          description="Memberships ended by organizationMembership.deleted: kept as tombstones, so a late event cannot bring them back."
        >
          <Table label="Former members" columns={["Member", "Last role", "State", "Removed"]}>
            {former.map((m) => (
              <tr key={m.membership.id}>
                <Cell>
                  <MemberName member={m} />
                </Cell>
                <Cell mono>
                  <Maybe value={m.membership.role} />
                </Cell>
                <Cell>
                  <StateBadge tone="muted">removed</StateBadge>
                </Cell>
                <Cell>
                  <Time date={m.membership.deletedAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        </Section>
      ) : null}

      <Section title="Invitations">
        {invitations.length === 0 ? (
          <p className="text-sm text-zinc-500">No invitations to this organization.</p>
        ) : (
          <Table label="Organization invitations" columns={["Email", "Role", "Status", "Sent"]}>
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <Cell>{inv.emailAddress}</Cell>
                <Cell mono>{inv.role}</Cell>
                <Cell>
                  <Maybe value={inv.status} />
                </Cell>
                <Cell>
                  <Time date={inv.createdAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Domains">
        {domains.length === 0 ? (
          <p className="text-sm text-zinc-500">No domains synced for this organization.</p>
        ) : (
          <Table label="Domains" columns={["Domain", "Enrollment", "Verification", "State"]}>
            {domains.map((d) => (
              <tr key={d.id}>
                <Cell mono>
                  <Maybe value={d.name} />
                </Cell>
                <Cell>
                  <Maybe value={d.enrollmentMode} />
                </Cell>
                <Cell>
                  <Maybe value={d.verificationStatus} />
                </Cell>
                <Cell>
                  {d.deletedAt ? (
                    <StateBadge tone="muted">deleted</StateBadge>
                  ) : (
                    <StateBadge tone="ok">active</StateBadge>
                  )}
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <JsonDetails value={org.raw} summary="Raw data of the last applied event" />
    </>
  );
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function MemberName({ member }: { member: Member }) {
  return member.user && !member.user.deletedAt ? (
    <Link href={`/users/${member.user.id}`} className="hover:underline">
      {member.name}
    </Link>
  ) : (
    member.name
  );
}
