import Link from "next/link";
import type { ReactNode } from "react";

/** What an empty page shows: what would be here, and how to get some. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: { href: string; label: string };
}) {
  return (
    <div className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-12 text-center">
      <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
      <div className="mx-auto mt-2 max-w-md text-sm text-zinc-600">{children}</div>
      {action ? (
        <Link
          href={action.href}
          className="mt-4 inline-flex rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700"
        >
          {action.label}
        </Link>
      ) : null}
    </div>
  );
}
