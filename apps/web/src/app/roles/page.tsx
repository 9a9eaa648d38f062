import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader, Section } from "@/components/page-header";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { prisma } from "@/lib/db";

export const metadata: Metadata = { title: "Roles & permissions" };
export const dynamic = "force-dynamic";

export default async function RolesPage() {
  const [roles, permissions] = await Promise.all([
    prisma.clerkRole.findMany({
      where: { deletedAt: null },
      orderBy: [{ key: "asc" }, { id: "asc" }],
    }),
    prisma.clerkPermission.findMany({
      where: { deletedAt: null },
      orderBy: [{ key: "asc" }, { id: "asc" }],
    }),
  ]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Roles & permissions"
        description="The organization roles and permissions defined in your Clerk instance."
      >
        <AutoRefresh />
      </PageHeader>
      <Section title="Roles" description="ClerkRole, from role.* events.">
        {roles.length === 0 ? (
          <EmptyState
            title="No roles synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Roles arrive with <code>role.created</code> when you define them in the Clerk Dashboard
            (Organizations → Roles & Permissions).
          </EmptyState>
        ) : (
          <Table label="Roles" columns={["Key", "Name", "Description", "Permissions", "Updated"]}>
            {roles.map((role) => (
              <tr key={role.id}>
                <Cell mono>
                  <Maybe value={role.key} />
                </Cell>
                <Cell>
                  <Maybe value={role.name} />
                </Cell>
                <Cell className="max-w-sm whitespace-normal">
                  <Maybe value={role.description} />
                </Cell>
                <Cell mono className="whitespace-normal">
                  {permissionKeys(role.permissions).join(", ") || <Maybe value={null} />}
                </Cell>
                <Cell>
                  <Time date={role.updatedAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title="Permissions" description="ClerkPermission, from permission.* events.">
        {permissions.length === 0 ? (
          <EmptyState
            title="No permissions synced yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Permissions arrive with <code>permission.created</code>.
          </EmptyState>
        ) : (
          <Table label="Permissions" columns={["Key", "Name", "Description", "Updated"]}>
            {permissions.map((p) => (
              <tr key={p.id}>
                <Cell mono>
                  <Maybe value={p.key} />
                </Cell>
                <Cell>
                  <Maybe value={p.name} />
                </Cell>
                <Cell className="max-w-sm whitespace-normal">
                  <Maybe value={p.description} />
                </Cell>
                <Cell>
                  <Time date={p.updatedAt} now={now} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  );
}

/** A role's permissions, as Clerk sends them: keys, or permission objects with a key. */
function permissionKeys(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p) => {
    if (typeof p === "string") return [p];
    if (p && typeof p === "object" && typeof (p as { key?: unknown }).key === "string") {
      return [(p as { key: string }).key];
    }
    return [];
  });
}
