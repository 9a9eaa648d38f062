const STYLES: Record<string, string> = {
  pending: "bg-amber-50 text-amber-800 ring-amber-600/20",
  processing: "bg-sky-50 text-sky-800 ring-sky-600/20",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  failed: "bg-orange-50 text-orange-800 ring-orange-600/25",
  dead: "bg-red-50 text-red-800 ring-red-600/25",
  skipped: "bg-zinc-100 text-zinc-700 ring-zinc-500/20",
};

const LABELS: Record<string, string> = {
  done: "processed",
};

/** A delivery's ledger status. "done" reads as "processed" to people. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? STYLES.skipped}`}
    >
      {LABELS[status] ?? status}
    </span>
  );
}

/** Active, deleted, banned…: the state of a synced row. */
export function StateBadge({
  tone,
  children,
}: {
  tone: "ok" | "muted" | "warn" | "bad";
  children: string;
}) {
  const tones = {
    ok: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
    muted: "bg-zinc-100 text-zinc-600 ring-zinc-500/20",
    warn: "bg-amber-50 text-amber-800 ring-amber-600/20",
    bad: "bg-red-50 text-red-800 ring-red-600/25",
  };
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
