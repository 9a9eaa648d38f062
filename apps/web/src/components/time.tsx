import { formatRelative, formatTimestamp } from "@/lib/format";

/** A moment, shown relative to now with the exact time on hover. */
export function Time({ date, now }: { date: Date | null | undefined; now?: Date }) {
  if (!date) return <span className="text-zinc-400">—</span>;
  return (
    <time dateTime={date.toISOString()} title={formatTimestamp(date)}>
      {formatRelative(date, now)}
    </time>
  );
}
