import { ClerkProvider, UserButton } from "@clerk/nextjs";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "@/components/nav";
import { DemoBanner } from "@/demo/banner";
import { clerkPublishableKey, isDemoMode } from "@/demo/keys";
import { requireDashboardAccess } from "@/lib/access";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "clerk-sync", template: "%s · clerk-sync" },
  description: "Clerk, synced into this app's own database through verified webhooks.",
};

// Every page reads the database and the run-time Clerk keys: nothing is rendered at build time.
export const dynamic = "force-dynamic";

const SECTIONS = [
  {
    title: "Sync",
    items: [
      { href: "/", label: "Overview" },
      { href: "/events", label: "Event log" },
      { href: "/me", label: "Signed-in user" },
    ],
  },
  {
    title: "Synced data",
    items: [
      { href: "/users", label: "Users" },
      { href: "/organizations", label: "Organizations" },
      { href: "/memberships", label: "Memberships" },
      { href: "/sessions", label: "Sessions" },
      { href: "/invitations", label: "Invitations" },
      { href: "/roles", label: "Roles & permissions" },
      { href: "/waitlist", label: "Waitlist" },
      { href: "/communication", label: "Communication log" },
      { href: "/billing", label: "Billing" },
    ],
  },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  await requireDashboardAccess();
  const demo = isDemoMode();
  const shell = (
    <html lang="en">
      <body className="min-h-screen bg-zinc-100 text-zinc-900 antialiased">
        {demo ? <DemoBanner /> : null}
        <div className="mx-auto flex max-w-[90rem] gap-8 px-4 py-6 sm:px-6">
          <aside className="hidden w-52 shrink-0 md:block">
            <Link href="/" className="mb-6 flex items-center gap-2 px-2">
              <span className="grid size-7 place-items-center rounded-md bg-zinc-900 text-xs font-bold text-white">
                cs
              </span>
              <span className="text-sm font-semibold">clerk-sync</span>
            </Link>
            <Nav sections={SECTIONS} />
          </aside>
          <main className="min-w-0 flex-1">
            {demo ? null : (
              <div className="mb-4 flex justify-end">
                <UserButton />
              </div>
            )}
            {children}
          </main>
        </div>
      </body>
    </html>
  );
  // The demo's placeholder key belongs to no Clerk instance: no Clerk UI is loaded for it.
  return demo ? (
    shell
  ) : (
    <ClerkProvider publishableKey={clerkPublishableKey()}>{shell}</ClerkProvider>
  );
}
