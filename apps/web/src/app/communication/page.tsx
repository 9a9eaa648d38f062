import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader, Section } from "@/components/page-header";
import { RefLink } from "@/components/ref-link";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";
import { userNames } from "@/lib/members";

export const metadata: Metadata = { title: "Communication log" };
export const dynamic = "force-dynamic";

export default async function CommunicationPage() {
  const [emails, sms] = await Promise.all([
    prisma.clerkEmail.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 200 }),
    prisma.clerkSmsMessage.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 200 }),
  ]);
  const users = await userNames([...emails.map((e) => e.userId), ...sms.map((s) => s.userId)]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Communication log"
        description="Every email and SMS Clerk sent (email.created, sms.created). Append-only: a redelivery never adds a second row."
      >
        <AutoRefresh />
      </PageHeader>
      <Section title="Emails">
        {emails.length === 0 ? (
          <EmptyState
            title="No emails logged yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Clerk emits <code>email.created</code> for each verification code, magic link or
            invitation it sends.
          </EmptyState>
        ) : (
          <Table label="Emails" columns={["To", "User", "Subject", "Template", "Status", "Sent"]}>
            {emails.map((e) => (
              <tr key={e.id}>
                <Cell>
                  <Maybe value={e.toEmailAddress} />
                </Cell>
                <Cell>
                  <RefLink id={e.userId} names={users} kind="users" />
                </Cell>
                <Cell className="max-w-xs truncate">
                  <Maybe value={e.subject} />
                </Cell>
                <Cell mono>
                  <Maybe value={e.slug} />
                </Cell>
                <Cell>
                  <Maybe value={e.status} />
                </Cell>
                <Cell>
                  <Time date={e.createdAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title="SMS messages">
        {sms.length === 0 ? (
          <EmptyState
            title="No SMS messages logged yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Clerk emits <code>sms.created</code> for each text message it sends.
          </EmptyState>
        ) : (
          <Table label="SMS messages" columns={["To", "User", "Template", "Status", "Sent"]}>
            {sms.map((s) => (
              <tr key={s.id}>
                <Cell mono>
                  <Maybe value={s.toPhoneNumber} />
                </Cell>
                <Cell>
                  <RefLink id={s.userId} names={users} kind="users" />
                </Cell>
                <Cell mono>
                  <Maybe value={s.slug} />
                </Cell>
                <Cell>
                  <Maybe value={s.status} />
                </Cell>
                <Cell>
                  <Time date={s.createdAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  );
}
