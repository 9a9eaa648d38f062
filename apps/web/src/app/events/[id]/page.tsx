import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AutoRefresh } from "@/components/auto-refresh";
import { JsonView } from "@/components/json-view";
import { PageHeader, Section } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { getEvent, isForceReplayable, isReplayable } from "@/lib/events";
import { formatDuration, formatTimestamp } from "@/lib/format";
import { ReplayButton } from "../replay-button";

export const metadata: Metadata = { title: "Delivery" };
export const dynamic = "force-dynamic";

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const event = await getEvent(decodeURIComponent(id));
  if (!event) notFound();
  const now = new Date();
  const took = event.processedAt ? event.processedAt.getTime() - event.receivedAt.getTime() : null;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/events" className="text-zinc-600 hover:text-zinc-900">
          ← Event log
        </Link>
      </p>
      <PageHeader
        title={event.type}
        description={<span className="font-mono text-xs">{event.id}</span>}
      >
        <div className="flex items-center gap-3">
          {isReplayable(event.status) ? <ReplayButton id={event.id} size="md" /> : null}
          {isForceReplayable(event.status) ? <ReplayButton id={event.id} size="md" force /> : null}
          <AutoRefresh />
        </div>
      </PageHeader>

      <dl className="mb-8 grid grid-cols-1 gap-px overflow-hidden rounded-xl border border-zinc-200 bg-zinc-200 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="Status">
          <StatusBadge status={event.status} />
        </Fact>
        <Fact label="Attempts">{event.attempts}</Fact>
        <Fact label="Subject">
          <span className="font-mono text-xs">{event.subjectId ?? "—"}</span>
        </Fact>
        <Fact label="Took">{took === null ? "—" : formatDuration(took)}</Fact>
        <Fact label="Clerk created the event">
          {event.eventTimestamp ? formatTimestamp(event.eventTimestamp) : "—"}
        </Fact>
        <Fact label="Svix signed it">{formatTimestamp(event.svixTimestamp)}</Fact>
        <Fact label="Received">
          {formatTimestamp(event.receivedAt)} (<Time date={event.receivedAt} now={now} />)
        </Fact>
        <Fact label="Processed">
          {event.processedAt ? formatTimestamp(event.processedAt) : "—"}
        </Fact>
        {event.nextAttemptAt ? (
          <Fact label="Next attempt">
            <Time date={event.nextAttemptAt} now={now} />
          </Fact>
        ) : null}
      </dl>

      {event.lastError ? (
        <Section title="Last error">
          <pre
            data-testid="last-error"
            className="whitespace-pre-wrap rounded-lg border border-red-200 bg-red-50 p-3 font-mono text-xs text-red-900"
          >
            {event.lastError}
          </pre>
        </Section>
      ) : null}

      {event.payloadPrunedAt ? (
        <Section
          title="Payload"
          description="Removed by the ledger's retention once the delivery was finished; its svix-id stays, so a redelivery is still a duplicate."
        >
          <p data-testid="payload-pruned" className="text-sm text-zinc-600">
            Payload removed {formatTimestamp(event.payloadPrunedAt)}.
          </p>
        </Section>
      ) : (
        <Section title="Payload" description="The verified event exactly as Clerk sent it.">
          <JsonView value={event.payload} label="Payload" />
        </Section>
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="bg-white px-4 py-3">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-1 text-zinc-900">{children}</dd>
    </div>
  );
}
