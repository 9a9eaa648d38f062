import Link from "next/link";
import { Maybe } from "./table";

/**
 * A link to a synced user or organization by Clerk id: its name once synced, else the bare id
 * (the row it points to may arrive later, or belong to a group this app does not sync).
 */
export function RefLink({
  id,
  names,
  kind,
}: {
  id: string | null | undefined;
  names: ReadonlyMap<string, string | null>;
  kind: "users" | "organizations";
}) {
  if (!id) return <Maybe value={null} />;
  const name = names.get(id);
  if (!name) return <span className="font-mono text-xs text-zinc-500">{id}</span>;
  return (
    <Link href={`/${kind}/${id}`} className="hover:underline">
      {name}
    </Link>
  );
}
