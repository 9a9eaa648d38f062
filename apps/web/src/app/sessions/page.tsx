import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";
import { organizationNames, userNames } from "@/lib/members";

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

export default async function SessionsPage() {
  const sessions = await prisma.clerkSession.findMany({
    where: { deletedAt: null },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 200,
  });
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
      {sessions.length === 0 ? (
        <EmptyState
          title="No sessions synced yet"
          action={{ href: "/#send", label: "Send sample events" }}
        >
          Sessions appear with <code>session.created</code>, and change status with{" "}
          <code>session.ended</code>, <code>session.revoked</code> and the rest of the session
          group.
        </EmptyState>
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
    </>
  );
}
