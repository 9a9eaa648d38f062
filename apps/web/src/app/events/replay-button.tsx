"use client";

import { useActionState } from "react";
import { type ReplayState, replayDelivery } from "./actions";

const CONFIRM_FORCE =
  "This delivery is done: a redelivery would change nothing. Run it again on purpose, through the version guard? (Rows newer than the event keep their data.)";

/**
 * Re-runs one failed or dead delivery through the kit's processor; with `force`, a done one,
 * after a confirm, with the app's hooks only when the box is ticked.
 */
export function ReplayButton({
  id,
  size = "sm",
  force = false,
}: {
  id: string;
  size?: "sm" | "md";
  force?: boolean;
}) {
  const [state, action, pending] = useActionState<ReplayState, FormData>(replayDelivery, null);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (force && !window.confirm(CONFIRM_FORCE)) event.preventDefault();
      }}
      className="inline-flex items-center gap-2"
    >
      <input type="hidden" name="id" value={id} />
      {force ? (
        <>
          <input type="hidden" name="force" value="1" />
          <label className="inline-flex items-center gap-1 text-xs text-zinc-600">
            <input type="checkbox" name="hooks" /> run hooks again
          </label>
        </>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md border border-zinc-300 bg-white font-medium text-zinc-800 shadow-xs hover:bg-zinc-50 disabled:opacity-50 ${
          size === "sm" ? "px-2 py-0.5 text-xs" : "px-3 py-1.5 text-sm"
        }`}
      >
        {pending ? "Replaying…" : force ? "Replay anyway" : "Replay"}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
