/** "850 ms", "4.2 s", "3 min", "2 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

/** "just now", "12 s ago", "in 3 min". */
export function formatRelative(date: Date, now = new Date()): string {
  const diff = date.getTime() - now.getTime();
  if (Math.abs(diff) < 1000) return "just now";
  return diff < 0 ? `${formatDuration(-diff)} ago` : `in ${formatDuration(diff)}`;
}

/** A timestamp as `2026-11-27 14:03:22` (UTC, the same on every machine). */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Clerk sends times as ms since the epoch; null and 0 mean "never". */
export function fromClerkTime(value: number | bigint | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const ms = Number(value);
  return ms > 0 ? new Date(ms) : null;
}

/** An amount in minor units (cents) with its ISO currency, e.g. "$20.00". */
export function formatMoney(amount: number | null, currency: string | null): string | null {
  if (amount === null) return null;
  const code = (currency ?? "USD").toUpperCase();
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: code }).format(
      amount / 100,
    );
  } catch {
    return `${(amount / 100).toFixed(2)} ${code}`;
  }
}
