import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { ListSearch } from "@/components/list-search";
import { PageHeader, Section } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { RefLink } from "@/components/ref-link";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { indexOrder, shownText, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { decodeCursor, newestFirst, olderThan, pageOf } from "@/lib/keyset";
import { userNames } from "@/lib/members";
import { param, type SearchParams } from "@/lib/search-params";

const PAGE = 200;

export const metadata: Metadata = { title: "Communication log" };
export const dynamic = "force-dynamic";

export default async function CommunicationPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // What was sent to one user (the index on user_id, created_at), or everything.
  const q = param(params.q);
  // Each list pages on its own: `email` and `sms` are their cursors.
  const cursors = { q, email: param(params.email), sms: param(params.sms) };
  const emailAfter = decodeCursor(cursors.email);
  const smsAfter = decodeCursor(cursors.sms);
  const where = q ? { userId: q } : {};
  const [emailPage, smsPage, emailTotal, smsTotal] = await Promise.all([
    prisma.clerkEmail
      .findMany({
        where: emailAfter ? { AND: [where, ...olderThan("createdAt", emailAfter)] } : where,
        orderBy: newestFirst("createdAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (e) => e.createdAt)),
    prisma.clerkSmsMessage
      .findMany({
        where: smsAfter ? { AND: [where, ...olderThan("createdAt", smsAfter)] } : where,
        orderBy: newestFirst("createdAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (s) => s.createdAt)),
    q
      ? undefined
      : tally("clerk_emails", (take) =>
          prisma.clerkEmail.count({ orderBy: indexOrder("createdAt", "id"), take }),
        ),
    q
      ? undefined
      : tally("clerk_sms_messages", (take) =>
          prisma.clerkSmsMessage.count({ orderBy: indexOrder("createdAt", "id"), take }),
        ),
  ]);
  const emails = emailPage.rows;
  const sms = smsPage.rows;
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
      <ListSearch
        path="/communication"
        q={q}
        placeholder="What was sent to a user: user id (user_…)"
      />
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
        {emails.length > 0 ? (
          <Pager
            testId="emails-shown"
            newest={
              emailAfter ? pageHref("/communication", { ...cursors, email: undefined }) : undefined
            }
            older={
              emailPage.next
                ? pageHref("/communication", { ...cursors, email: emailPage.next })
                : undefined
            }
          >
            {shownText({
              shown: emails.length,
              ...(emailTotal ? { total: emailTotal } : {}),
              noun: "email",
              search: Boolean(q),
              older: Boolean(emailAfter),
            })}
          </Pager>
        ) : null}
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
        {sms.length > 0 ? (
          <Pager
            testId="sms-shown"
            newest={
              smsAfter ? pageHref("/communication", { ...cursors, sms: undefined }) : undefined
            }
            older={
              smsPage.next
                ? pageHref("/communication", { ...cursors, sms: smsPage.next })
                : undefined
            }
          >
            {shownText({
              shown: sms.length,
              ...(smsTotal ? { total: smsTotal } : {}),
              noun: "SMS message",
              search: Boolean(q),
              older: Boolean(smsAfter),
            })}
          </Pager>
        ) : null}
      </Section>
    </>
  );
}
