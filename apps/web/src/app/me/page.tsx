import { currentSyncedUser } from "@acme/clerk-sync/next";
import { auth } from "@clerk/nextjs/server";
import type { Metadata } from "next";
import { Avatar } from "@/components/avatar";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { isDemoMode } from "@/demo/keys";
import { demoAuth } from "@/demo/signed-in";
import { prisma } from "@/lib/db";
import { onDemandSync } from "@/lib/on-demand";
import { displayName } from "@/lib/people";

export const metadata: Metadata = { title: "Signed-in user" };
export const dynamic = "force-dynamic";

/**
 * The signed-in user's synced row, through the kit's `currentSyncedUser`: written from Clerk's
 * Backend API on the spot when `user.created` has not arrived yet.
 */
export default async function SignedInUserPage() {
  const demo = isDemoMode();
  const whoIsSignedIn = demo ? demoAuth : auth;
  const { userId } = await whoIsSignedIn();
  const before = userId ? await prisma.clerkUser.findUnique({ where: { id: userId } }) : null;
  const user = await currentSyncedUser(await onDemandSync(), { auth: whoIsSignedIn });

  return (
    <>
      <PageHeader
        title="Signed-in user"
        description={
          demo
            ? "The demo stands in for a signed-in user of its local Clerk instance; with real keys this is whoever auth() says."
            : "Whoever auth() says is signed in."
        }
      />
      {!user ? (
        <EmptyState title="No one is signed in" action={{ href: "/", label: "Overview" }}>
          Sign in to see your synced row.
        </EmptyState>
      ) : (
        <div
          data-testid="signed-in-user"
          data-user-id={user.id}
          data-source={before ? "database" : "clerk-api"}
          className="flex items-center gap-4 rounded-xl border border-zinc-200 bg-white p-5"
        >
          <Avatar person={user} />
          <div className="text-sm">
            <p className="font-medium text-zinc-900">{displayName(user)}</p>
            <p className="text-zinc-600">{user.primaryEmailAddress ?? "no email"}</p>
            <p className="font-mono text-xs text-zinc-500">{user.id}</p>
            <p className="mt-2 text-zinc-700" data-testid="signed-in-source">
              {before
                ? "Read from the database (synced earlier)."
                : "Not in the database yet: fetched from Clerk's Backend API just now and written through the version-guarded sync."}
            </p>
          </div>
        </div>
      )}
    </>
  );
}
