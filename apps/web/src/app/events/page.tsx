import { EVENT_TYPES, LEDGER_STATUSES, type LedgerStatus } from "@acme/clerk-sync";
import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Pager, pageHref } from "@/components/pager";
import { StatusBadge } from "@/components/status-badge";
import { Cell, Maybe, Table } from "@/components/table";
import { Time } from "@/components/time";
import { formatTally, isOne } from "@/lib/counts";
import {
  countByStatus,
  countEvents,
  type EventFilter,
  isLedgerStatus,
  isReplayable,
  listEvents,
} from "@/lib/events";
import { formatDuration } from "@/lib/format";
import { decodeCursor } from "@/lib/keyset";
import { param as one, type SearchParams } from "@/lib/search-params";
import { ReplayButton } from "./replay-button";

export const metadata: Metadata = { title: "Event log" };
export const dynamic = "force-dynamic";

function href(filter: EventFilter, patch: Partial<EventFilter> & { after?: string }): string {
  return pageHref("/events", { ...filter, ...patch });
}

export default async function EventsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const status = one(params.status);
  const filter: EventFilter = {
    ...(isLedgerStatus(status) ? { status } : {}),
    ...(one(params.type) ? { type: one(params.type) } : {}),
    ...(one(params.id) ? { id: one(params.id) } : {}),
  };
  const after = decodeCursor(one(params.after));
  const [{ rows, next }, counts] = await Promise.all([
    listEvents(filter, after ? { after } : {}),
    countByStatus(),
  ]);
  const total = await countEvents(filter, counts);
  const now = new Date();
  // The catalog knows every type Clerk sends; a type it does not (recorded and skipped) can
  // still be filtered on by URL, and then appears here.
  const types = [...new Set([...EVENT_TYPES, ...(filter.type ? [filter.type] : [])])].sort();
  const filtered = Boolean(filter.status || filter.type || filter.id);

  return (
    <>
      <PageHeader
        title="Event log"
        description="Every delivery to /api/webhooks, newest first: what arrived, what the kit did with it, and when."
      >
        <AutoRefresh />
      </PageHeader>

      <nav className="mb-4 flex flex-wrap gap-2" aria-label="Filter by status">
        <FilterChip
          href={href(filter, { status: undefined })}
          active={!filter.status}
          label="All"
          count={formatTally(counts.all)}
        />
        {LEDGER_STATUSES.map((s: LedgerStatus) => (
          <FilterChip
            key={s}
            href={href(filter, { status: s })}
            active={filter.status === s}
            label={s === "done" ? "processed" : s}
            count={formatTally(counts.byStatus[s])}
            status={s}
          />
        ))}
      </nav>

      <form method="get" action="/events" className="mb-4 flex flex-wrap items-end gap-3">
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        <label className="text-xs font-medium text-zinc-600">
          Event type
          <select
            name="type"
            defaultValue={filter.type ?? ""}
            className="mt-1 block w-64 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-zinc-600">
          Delivery id (svix-id, or its beginning)
          <input
            name="id"
            defaultValue={filter.id ?? ""}
            placeholder="msg_…"
            className="mt-1 block w-72 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-sm"
          />
        </label>
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700"
        >
          Filter
        </button>
        {filtered ? (
          <Link
            href="/events"
            className="py-1.5 text-sm text-zinc-600 underline hover:text-zinc-900"
          >
            Clear filters
          </Link>
        ) : null}
      </form>

      {rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No deliveries match these filters"
            action={{ href: "/events", label: "Show all deliveries" }}
          >
            Try another status or event type.
          </EmptyState>
        ) : (
          <EmptyState
            title="No webhook deliveries yet"
            action={{ href: "/#send", label: "Send sample events" }}
          >
            Deliveries appear here as soon as Clerk (or the sample-event panel on the overview)
            posts to <code>/api/webhooks</code>. In production, add an endpoint for this URL in the
            Clerk Dashboard under Webhooks.
          </EmptyState>
        )
      ) : (
        <>
          <Table
            label="Deliveries"
            columns={["Received", "Event", "Status", "Attempts", "Took", "Last error", "Delivery"]}
          >
            {rows.map((row) => (
              <tr
                key={row.id}
                data-testid="event-row"
                data-event-id={row.id}
                data-event-type={row.type}
                data-status={row.status}
                data-attempts={row.attempts}
              >
                <Cell>
                  <Time date={row.receivedAt} now={now} />
                </Cell>
                <Cell mono>
                  <span className="block">{row.type}</span>
                  <span className="block text-[0.7rem] text-zinc-500">{row.subjectId ?? ""}</span>
                </Cell>
                <Cell>
                  <div className="flex items-center gap-2">
                    <StatusBadge status={row.status} />
                    {row.status === "failed" && row.nextAttemptAt ? (
                      <span className="text-xs text-zinc-500">
                        retry <Time date={row.nextAttemptAt} now={now} />
                      </span>
                    ) : null}
                    {isReplayable(row.status) ? <ReplayButton id={row.id} /> : null}
                  </div>
                </Cell>
                <Cell className="text-right tabular-nums">{row.attempts}</Cell>
                <Cell className="tabular-nums">
                  <Maybe
                    value={
                      row.processedAt
                        ? formatDuration(row.processedAt.getTime() - row.receivedAt.getTime())
                        : null
                    }
                  />
                </Cell>
                <Cell className="max-w-[16rem]">
                  {row.lastError ? (
                    <span className="block truncate text-xs text-red-700" title={row.lastError}>
                      {row.lastError}
                    </span>
                  ) : (
                    <Maybe value={null} />
                  )}
                </Cell>
                <Cell mono>
                  <Link
                    href={`/events/${encodeURIComponent(row.id)}`}
                    className="text-sky-700 hover:underline"
                  >
                    {row.id.length > 14 ? `${row.id.slice(0, 14)}…` : row.id}
                  </Link>
                </Cell>
              </tr>
            ))}
          </Table>
          <Pager
            newest={after ? href(filter, {}) : undefined}
            older={next ? href(filter, { after: next }) : undefined}
          >
            {after
              ? `Showing ${rows.length} older of ${formatTally(total)} `
              : `Showing ${rows.length} of ${formatTally(total)} `}
            deliver{isOne(total) ? "y" : "ies"}
            {filtered ? " matching the filters" : ""}.
          </Pager>
        </>
      )}
    </>
  );
}

function FilterChip({
  href,
  active,
  label,
  count,
  status,
}: {
  href: string;
  active: boolean;
  label: string;
  count: string;
  status?: string;
}) {
  return (
    <Link
      href={href}
      data-status-filter={status ?? "all"}
      aria-current={active ? "true" : undefined}
      className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm ${
        active
          ? "border-zinc-900 bg-zinc-900 text-white"
          : "border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50"
      }`}
    >
      {label}
      <span className={`tabular-nums text-xs ${active ? "text-zinc-300" : "text-zinc-500"}`}>
        {count}
      </span>
    </Link>
  );
}
