"use client";

import { useActionState } from "react";
import { type ReplayState, replayDelivery } from "./actions";

/** Re-runs one failed or dead delivery through the kit's processor. */
export function ReplayButton({ id, size = "sm" }: { id: string; size?: "sm" | "md" }) {
  const [state, action, pending] = useActionState<ReplayState, FormData>(replayDelivery, null);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md border border-zinc-300 bg-white font-medium text-zinc-800 shadow-xs hover:bg-zinc-50 disabled:opacity-50 ${
          size === "sm" ? "px-2 py-0.5 text-xs" : "px-3 py-1.5 text-sm"
        }`}
      >
        {pending ? "Replaying…" : "Replay"}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
