import Link from "next/link";
import type { ReactNode } from "react";

/**
 * What follows a keyset list: what it shows (`children`), a link back to its newest page when
 * on an older one, and one to the next older page when there is one.
 */
export function Pager({
  children,
  newest,
  older,
  testId,
}: {
  children: ReactNode;
  /** The list's first page; shown when this is an older page. */
  newest?: string;
  /** The next older page, if any. */
  older?: string;
  /** The summary's test id. */
  testId?: string;
}) {
  return (
    <div className="mt-2 flex items-center justify-between gap-4 text-xs text-zinc-500">
      <p data-testid={testId}>{children}</p>
      <nav className="flex gap-3" aria-label="Pages">
        {newest ? (
          <Link href={newest} className="text-sky-700 hover:underline">
            Newest
          </Link>
        ) : null}
        {older ? (
          <Link href={older} data-testid="older-page" className="text-sky-700 hover:underline">
            Older →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

/** `path` with `params` (those set), e.g. `/users?q=ada&after=…`. */
export function pageHref(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
