"use server";

import { isClerkSyncError } from "@acme/clerk-sync";
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { requireDashboardAccess } from "@/lib/access";
import { clerkSync } from "@/lib/clerk-sync";

export type ReplayState = { ok: true; message: string } | { ok: false; message: string } | null;

/**
 * Run a failed or dead delivery again, now; with `force`, a done one too (through the version
 * guard; the app's hooks again only with `hooks`).
 */
export async function replayDelivery(_previous: ReplayState, form: FormData): Promise<ReplayState> {
  await requireDashboardAccess();
  const id = form.get("id");
  if (typeof id !== "string" || id === "") return { ok: false, message: "No delivery id given." };
  const force = form.get("force") === "1";
  const hooks = force && form.get("hooks") === "on";
  try {
    await clerkSync.replay(id, { defer: after, force, hooks });
  } catch (error) {
    if (isClerkSyncError(error)) return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath("/events");
  revalidatePath(`/events/${encodeURIComponent(id)}`);
  return { ok: true, message: "Replaying…" };
}
