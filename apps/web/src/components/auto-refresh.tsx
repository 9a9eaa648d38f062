"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Re-renders the page's server components every few seconds while switched on: deliveries are
 * processed after the webhook is answered, so what the page shows keeps changing.
 */
export function AutoRefresh({ intervalMs = 2000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [live, setLive] = useState(true);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [live, intervalMs, router]);

  return (
    <button
      type="button"
      onClick={() => setLive((on) => !on)}
      className="inline-flex items-center gap-1.5 rounded-full border border-zinc-200 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50"
      aria-pressed={live}
      title={
        live ? "Refreshing every few seconds; click to pause" : "Paused; click to refresh live"
      }
    >
      <span
        className={`size-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-zinc-300"}`}
      />
      {live ? "Live" : "Paused"}
    </button>
  );
}
