"use client";

import { useActionState } from "react";
import { type DriftActionState, runDriftAction } from "./drift-actions";

const BUTTONS = [
  {
    action: "backfill",
    label: "Backfill",
    note: "Read every object of the demo instance and write it through the sync.",
  },
  {
    action: "reconcile",
    label: "Reconcile",
    note: "Compare: rows missing, stale, deleted in Clerk.",
  },
  {
    action: "change",
    label: "Change the instance",
    note: "Rename, delete and create users without telling the app.",
  },
  {
    action: "fix",
    label: "Reconcile and fix",
    note: "Repair what reconcile finds, through the sync.",
  },
] as const;

/**
 * The demo's buttons for the Drift panel: backfill and reconcile against the demo's Clerk
 * instance (a local fake of Clerk's Backend API, started by the app itself, offline).
 */
export function DriftControls() {
  const [state, action, pending] = useActionState<DriftActionState | null, FormData>(
    runDriftAction,
    null,
  );
  return (
    <div className="rounded-xl border border-zinc-200 bg-white p-4 text-sm shadow-sm">
      <div className="grid grid-cols-2 gap-2">
        {BUTTONS.map((b) => (
          <form key={b.action} action={action}>
            <input type="hidden" name="action" value={b.action} />
            <button
              type="submit"
              disabled={pending}
              title={b.note}
              className="w-full rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50"
            >
              {b.label}
            </button>
          </form>
        ))}
      </div>
      <div className="mt-3" aria-live="polite">
        {pending ? (
          <p className="text-zinc-600">Working against the demo instance…</p>
        ) : state ? (
          <div data-testid="drift-result" data-sequence={state.sequence}>
            <h3 className="font-semibold text-zinc-900">{state.title}</h3>
            {state.error ? (
              <p role="alert" className="mt-1 text-red-700">
                {state.error}
              </p>
            ) : (
              <ul className="mt-1 space-y-0.5 text-xs text-zinc-600">
                {state.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <p className="text-xs text-zinc-500">
            The demo runs its own Clerk instance offline: {""}a local fake of the Backend API with
            seeded users, organizations and memberships.
          </p>
        )}
      </div>
    </div>
  );
}
