import Link from "next/link";

/** Switches a list between live rows and live + deleted (tombstoned) rows. */
export function DeletedToggle({ path, showing }: { path: string; showing: boolean }) {
  return (
    <Link
      href={showing ? path : `${path}?deleted=1`}
      className="rounded-full border border-zinc-200 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50"
    >
      {showing ? "Hide deleted" : "Show deleted"}
    </Link>
  );
}
