import { listUserMemberships } from "@acme/clerk-sync/prisma";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Avatar } from "@/components/avatar";
import { EmptyState } from "@/components/empty-state";
import { JsonDetails, JsonView } from "@/components/json-view";
import { PageHeader, Section } from "@/components/page-header";
import { RefLink } from "@/components/ref-link";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { UserState } from "@/components/user-state";
import { prisma } from "@/lib/db";
import { formatTimestamp } from "@/lib/format";
import { displayName } from "@/lib/people";

export const metadata: Metadata = { title: "User" };
export const dynamic = "force-dynamic";

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await prisma.clerkUser.findUnique({ where: { id } });
  if (!user) notFound();
  const [memberships, sessions, emails] = await Promise.all([
    listUserMemberships(prisma, id),
    prisma.clerkSession.findMany({
      where: { userId: id },
      orderBy: { createdAt: "desc" },
      take: 20,
    }),
    prisma.clerkEmail.findMany({ where: { userId: id }, orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  const orgNames = new Map(
    memberships.flatMap(({ organization: o }) => (o ? [[o.id, o.name] as const] : [])),
  );
  const now = new Date();

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/users" className="text-zinc-600 hover:text-zinc-900">
          ← Users
        </Link>
      </p>
      <PageHeader
        title={user.deletedAt ? "Deleted user" : displayName(user)}
        description={<span className="font-mono text-xs">{user.id}</span>}
      >
        <div className="flex items-center gap-2">
          <Avatar person={user} />
          <UserState user={user} />
        </div>
      </PageHeader>

      <dl className="mb-8 grid grid-cols-1 gap-x-8 gap-y-3 rounded-xl border border-zinc-200 bg-white p-4 text-sm sm:grid-cols-3">
        <Fact label="Primary email" value={user.primaryEmailAddress} />
        <Fact label="Primary phone" value={user.primaryPhoneNumber} />
        <Fact label="Username" value={user.username} />
        <Fact label="External id" value={user.externalId} />
        <Fact label="Last sign-in" value={<Time date={user.lastSignInAt} now={now} />} />
        <Fact label="Last active" value={<Time date={user.lastActiveAt} now={now} />} />
        <Fact label="Created" value={user.createdAt ? formatTimestamp(user.createdAt) : null} />
        <Fact label="Synced from version" value={formatTimestamp(user.syncVersion)} />
        <Fact label="Deleted" value={user.deletedAt ? formatTimestamp(user.deletedAt) : null} />
      </dl>

      <Section title="Organizations">
        {memberships.length === 0 ? (
          <EmptyState title="Not a member of any organization">
            Memberships arrive with <code>organizationMembership.created</code>.
          </EmptyState>
        ) : (
          <Table label="Memberships" columns={["Organization", "Role", "Since"]}>
            {memberships.map(({ membership: m }) => (
              <tr key={m.id}>
                <Cell>
                  <RefLink id={m.organizationId} names={orgNames} kind="organizations" />
                </Cell>
                <Cell mono>
                  <Maybe value={m.role} />
                </Cell>
                <Cell>
                  <Time date={m.createdAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Sessions">
        {sessions.length === 0 ? (
          <p className="text-sm text-zinc-500">No sessions synced for this user.</p>
        ) : (
          <Table label="Sessions" columns={["Status", "Last active", "Expires", "Id"]}>
            {sessions.map((s) => (
              <tr key={s.id}>
                <Cell>{s.status}</Cell>
                <Cell>
                  <Time date={s.lastActiveAt} now={now} />
                </Cell>
                <Cell>
                  <Time date={s.expireAt} now={now} />
                </Cell>
                <Cell mono>{s.id}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Emails Clerk sent">
        {emails.length === 0 ? (
          <p className="text-sm text-zinc-500">No emails logged for this user.</p>
        ) : (
          <Table label="Emails" columns={["Subject", "Template", "Status", "Sent"]}>
            {emails.map((e) => (
              <tr key={e.id}>
                <Cell>
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

      <Section title="Metadata">
        <div className="grid gap-4 lg:grid-cols-3">
          <div>
            <p className="mb-1 text-xs font-medium text-zinc-500">Public</p>
            <JsonView value={user.publicMetadata} label="Public metadata" />
          </div>
          <div>
            <p className="mb-1 text-xs font-medium text-zinc-500">Private</p>
            <JsonView value={user.privateMetadata} label="Private metadata" />
          </div>
          <div>
            <p className="mb-1 text-xs font-medium text-zinc-500">Unsafe</p>
            <JsonView value={user.unsafeMetadata} label="Unsafe metadata" />
          </div>
        </div>
      </Section>
      <JsonDetails value={user.raw} summary="Raw data of the last applied event" />
    </>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-zinc-900">
        <Maybe value={value} />
      </dd>
    </div>
  );
}
