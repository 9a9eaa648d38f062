import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { ListSearch } from "@/components/list-search";
import { PageHeader, Section } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { RefLink } from "@/components/ref-link";
import { StateBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { LIVE, LIVE_ORDER, shownText, tally } from "@/lib/counts";
import { prisma } from "@/lib/db";
import { decodeCursor, liveNewestFirst, olderThan, pageOf } from "@/lib/keyset";
import { organizationNames } from "@/lib/members";
import { param, type SearchParams } from "@/lib/search-params";

const PAGE = 200;

export const metadata: Metadata = { title: "Invitations" };
export const dynamic = "force-dynamic";

function tone(status: string | null): "ok" | "muted" | "warn" | "bad" {
  if (status === "accepted") return "ok";
  if (status === "pending") return "warn";
  if (status === "revoked") return "bad";
  return "muted";
}

export default async function InvitationsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const q = param(params.q);
  // Each list pages on its own: `org` and `app` are their cursors.
  const cursors = { q, org: param(params.org), app: param(params.app) };
  const orgAfter = decodeCursor(cursors.org);
  const appAfter = decodeCursor(cursors.app);
  // An email address by its beginning: a range on its index.
  const where = { deletedAt: null, ...(q ? { emailAddress: { gte: q, lt: `${q}\uffff` } } : {}) };
  const [orgPage, appPage, orgTotal, appTotal] = await Promise.all([
    prisma.clerkOrganizationInvitation
      .findMany({
        where: orgAfter ? { AND: [where, ...olderThan("createdAt", orgAfter)] } : where,
        orderBy: liveNewestFirst("createdAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (i) => i.createdAt)),
    prisma.clerkInvitation
      .findMany({
        where: appAfter ? { AND: [where, ...olderThan("createdAt", appAfter)] } : where,
        orderBy: liveNewestFirst("createdAt"),
        take: PAGE + 1,
      })
      .then((rows) => pageOf(rows, PAGE, (i) => i.createdAt)),
    q
      ? undefined
      : tally("clerk_organization_invitations", (take) =>
          prisma.clerkOrganizationInvitation.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
        ),
    q
      ? undefined
      : tally("clerk_invitations", (take) =>
          prisma.clerkInvitation.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
        ),
  ]);
  const orgInvitations = orgPage.rows;
  const invitations = appPage.rows;
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
      <ListSearch path="/invitations" q={q} placeholder="Email address, or its beginning" />
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
        {orgInvitations.length > 0 ? (
          <Pager
            testId="organization-invitations-shown"
            newest={orgAfter ? pageHref("/invitations", { ...cursors, org: undefined }) : undefined}
            older={
              orgPage.next ? pageHref("/invitations", { ...cursors, org: orgPage.next }) : undefined
            }
          >
            {shownText({
              shown: orgInvitations.length,
              ...(orgTotal ? { total: orgTotal } : {}),
              noun: "organization invitation",
              search: Boolean(q),
              older: Boolean(orgAfter),
            })}
          </Pager>
        ) : null}
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
        {invitations.length > 0 ? (
          <Pager
            testId="application-invitations-shown"
            newest={appAfter ? pageHref("/invitations", { ...cursors, app: undefined }) : undefined}
            older={
              appPage.next ? pageHref("/invitations", { ...cursors, app: appPage.next }) : undefined
            }
          >
            {shownText({
              shown: invitations.length,
              ...(appTotal ? { total: appTotal } : {}),
              noun: "application invitation",
              search: Boolean(q),
              older: Boolean(appAfter),
            })}
          </Pager>
        ) : null}
      </Section>
    </>
  );
}
