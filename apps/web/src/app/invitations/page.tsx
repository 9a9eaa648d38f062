import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader, Section } from "@/components/page-header";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";
import { organizationNames } from "@/lib/members";

export const metadata: Metadata = { title: "Invitations" };
export const dynamic = "force-dynamic";

function tone(status: string | null): "ok" | "muted" | "warn" | "bad" {
  if (status === "accepted") return "ok";
  if (status === "pending") return "warn";
  if (status === "revoked") return "bad";
  return "muted";
}

export default async function InvitationsPage() {
  const [orgInvitations, invitations] = await Promise.all([
    prisma.clerkOrganizationInvitation.findMany({
      where: { deletedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 200,
    }),
    prisma.clerkInvitation.findMany({
      where: { deletedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 200,
    }),
  ]);
  const orgs = await organizationNames(orgInvitations.map((i) => i.organizationId));
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Invitations"
        description="Invitations to organizations, and to the application itself."
      >
        <AutoRefresh />
      </PageHeader>
      <Section
        title="Organization invitations"
        description="ClerkOrganizationInvitation, from organizationInvitation.* events."
      >
        {orgInvitations.length === 0 ? (
          <EmptyState
            title="No organization invitations yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            They arrive with <code>organizationInvitation.created</code>, and change with{" "}
            <code>.accepted</code> and <code>.revoked</code>.
          </EmptyState>
        ) : (
          <Table
            label="Organization invitations"
            columns={["Email", "Organization", "Role", "Status", "Expires", "Sent"]}
          >
            {orgInvitations.map((inv) => (
              <tr key={inv.id}>
                <Cell>{inv.emailAddress}</Cell>
                <Cell>
                  <RefLink id={inv.organizationId} names={orgs} kind="organizations" />
                </Cell>
                <Cell mono>{inv.role}</Cell>
                <Cell>
                  <StateBadge tone={tone(inv.status)}>{inv.status ?? "unknown"}</StateBadge>
                </Cell>
                <Cell>
                  <Time date={inv.expiresAt} now={now} />
                </Cell>
                <Cell>
                  <Time date={inv.createdAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section
        title="Application invitations"
        description="ClerkInvitation, from invitation.* events: invitations to sign up."
      >
        {invitations.length === 0 ? (
          <EmptyState
            title="No application invitations yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            They arrive with <code>invitation.created</code>, and change with <code>.accepted</code>{" "}
            and <code>.revoked</code>.
          </EmptyState>
        ) : (
          <Table
            label="Application invitations"
            columns={["Email", "Status", "Link", "Sent", "Updated"]}
          >
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <Cell>{inv.emailAddress}</Cell>
                <Cell>
                  <StateBadge tone={tone(inv.status)}>{inv.status}</StateBadge>
                </Cell>
                <Cell className="max-w-xs truncate text-xs">
                  <Maybe value={inv.url} />
                </Cell>
                <Cell>
                  <Time date={inv.createdAt} now={now} />
                </Cell>
                <Cell>
                  <Time date={inv.updatedAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  );
}
