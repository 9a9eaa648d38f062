import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";

export const metadata: Metadata = { title: "Waitlist" };
export const dynamic = "force-dynamic";

export default async function WaitlistPage() {
  const entries = await prisma.clerkWaitlistEntry.findMany({
    where: { deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 200,
  });
  const now = new Date();
  return (
    <>
      <PageHeader title="Waitlist" description="ClerkWaitlistEntry, from waitlistEntry.* events.">
        <AutoRefresh />
      </PageHeader>
      {entries.length === 0 ? (
        <EmptyState
          title="Nobody on the waitlist yet"
          action={{ href: "/#send", label: "Send sample events" }}
        >
          Entries arrive with <code>waitlistEntry.created</code> when your Clerk instance runs in
          waitlist mode, and change with <code>waitlistEntry.updated</code> (invited, completed,
          rejected).
        </EmptyState>
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
    </>
  );
}
