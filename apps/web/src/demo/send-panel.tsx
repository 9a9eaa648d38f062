"use client";

import Link from "next/link";
import { useActionState } from "react";
import { type SendState, sendSampleEvents } from "./actions";

export interface ScenarioChoice {
  name: string;
  title: string;
  summary: string;
}

export interface EventGroupChoice {
  label: string;
  events: readonly string[];
}

const SCENARIO_OPTIONS: Record<string, { name: string; label: string; defaultValue: string }[]> = {
  "duplicate-burst": [{ name: "copies", label: "Copies", defaultValue: "10" }],
  "failing-handler-recovers": [{ name: "failTimes", label: "Fail attempts", defaultValue: "2" }],
};

/**
 * Sends Svix-signed sample events to this app's own /api/webhooks: single events of any type, or
 * scenarios that exercise ordering, duplicates and failures.
 */
export function SendPanel({
  scenarios,
  groups,
}: {
  scenarios: ScenarioChoice[];
  groups: EventGroupChoice[];
}) {
  const [state, action, pending] = useActionState<SendState | null, FormData>(
    sendSampleEvents,
    null,
  );
  return (
    <div className="grid gap-4 xl:grid-cols-[2fr_1fr]">
      <div className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2">
          {scenarios.map((s) => (
            <form
              key={s.name}
              action={action}
              className="flex flex-col justify-between rounded-xl border border-zinc-200 bg-white p-4 shadow-sm"
            >
              <input type="hidden" name="kind" value="scenario" />
              <input type="hidden" name="scenario" value={s.name} />
              <div>
                <h3 className="text-sm font-semibold text-zinc-900">{s.title}</h3>
                <p className="mt-1 text-xs text-zinc-600">{s.summary}</p>
              </div>
              <div className="mt-3 flex flex-wrap items-end gap-3">
                {(SCENARIO_OPTIONS[s.name] ?? []).map((option) => (
                  <label key={option.name} className="text-xs text-zinc-600">
                    {option.label}
                    <input
                      type="number"
                      min={0}
                      max={50}
                      name={option.name}
                      defaultValue={option.defaultValue}
                      className="mt-1 block w-20 rounded-md border border-zinc-300 px-2 py-1 text-sm"
                    />
                  </label>
                ))}
                {s.name === "out-of-order-storm" ? (
                  <label className="flex items-center gap-1.5 pb-1 text-xs text-zinc-600">
                    <input type="checkbox" name="inOrder" /> In order (to compare)
                  </label>
                ) : null}
                <button
                  type="submit"
                  disabled={pending}
                  aria-label={`Send: ${s.title}`}
                  className="ml-auto rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50"
                >
                  Send
                </button>
              </div>
            </form>
          ))}
        </div>
        <form
          action={action}
          className="flex flex-wrap items-end gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm"
        >
          <input type="hidden" name="kind" value="event" />
          <label className="text-xs font-medium text-zinc-600">
            Single event
            <select
              name="type"
              defaultValue="user.created"
              className="mt-1 block w-72 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm"
            >
              {groups.map((group) => (
                <optgroup key={group.label} label={group.label}>
                  {group.events.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50"
          >
            Send event
          </button>
          <p className="basis-full text-xs text-zinc-500">
            A realistic payload with fresh ids, signed with this app's own secret and posted to{" "}
            <code>/api/webhooks</code> like any Clerk delivery.
          </p>
        </form>
      </div>
      <SendResult state={state} pending={pending} />
    </div>
  );
}

function SendResult({ state, pending }: { state: SendState | null; pending: boolean }) {
  if (pending) {
    return (
      <div
        className="rounded-xl border border-zinc-200 bg-white p-4 text-sm text-zinc-600 shadow-sm"
        aria-live="polite"
      >
        Signing and sending…
      </div>
    );
  }
  if (!state) {
    return (
      <div className="rounded-xl border border-dashed border-zinc-300 p-4 text-sm text-zinc-500">
        Pick a scenario or an event. What each delivery got back from <code>/api/webhooks</code>{" "}
        shows here; what the kit then did with it shows in the event log.
      </div>
    );
  }
  const accepted = state.results.filter((r) => r.status === 200 && !r.duplicate).length;
  const duplicates = state.results.filter((r) => r.duplicate).length;
  const rejected = state.results.filter((r) => r.status !== 200).length;
  return (
    <div
      data-testid="send-result"
      data-sequence={state.sequence}
      aria-live="polite"
      className="rounded-xl border border-zinc-200 bg-white p-4 text-sm shadow-sm"
    >
      <h3 className="font-semibold text-zinc-900">{state.title}</h3>
      {state.error ? (
        <p role="alert" className="mt-2 text-red-700">
          {state.error}
        </p>
      ) : (
        <>
          <p className="mt-1 text-xs text-zinc-600">{state.description}</p>
          <p className="mt-3 text-sm" data-testid="send-summary">
            {state.results.length} sent: <strong>{accepted} recorded</strong>
            {duplicates ? `, ${duplicates} answered as duplicates` : ""}
            {rejected ? `, ${rejected} rejected` : ""}.
          </p>
          <ol className="mt-2 max-h-64 space-y-1 overflow-auto font-mono text-xs">
            {state.results.map((r, i) => (
              // A burst repeats the same svix-id, so the position is part of the key.
              <li
                key={`${r.svixId}-${i}`}
                data-testid="sent-delivery"
                data-svix-id={r.svixId}
                data-type={r.type}
                data-subject={r.subject ?? ""}
                data-http-status={r.status}
                className="flex items-center justify-between gap-2"
              >
                <span className="truncate">{r.type}</span>
                <span className={r.status === 200 ? "text-emerald-700" : "text-red-700"}>
                  {r.status || "error"}
                  {r.duplicate ? " duplicate" : ""}
                </span>
              </li>
            ))}
          </ol>
          <Link href="/events" className="mt-3 inline-block text-sm text-sky-700 hover:underline">
            Open the event log →
          </Link>
        </>
      )}
    </div>
  );
}
