"use server";

import { backfill, type RunReport, reconcile } from "@acme/clerk-sync/backfill";
import type { ClerkObject } from "@acme/clerk-sync/fake-api";
import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db";
import { demoClerkInstance } from "./clerk-instance";
import { isDemoMode } from "./keys";

export interface DriftActionState {
  title: string;
  lines: string[];
  error?: string;
  /** Increases with every action, so the panel can tell two identical results apart. */
  sequence: number;
}

const ACTIONS = ["backfill", "reconcile", "fix", "change"] as const;
type DriftAction = (typeof ACTIONS)[number];

/**
 * The Drift panel's demo buttons: backfill this app's database from the demo's Clerk instance (a
 * local fake of Clerk's Backend API), reconcile the two (and fix), or change the instance behind
 * the webhooks' back, as a missed delivery would leave it. Only in the offline demo: with real keys
 * these run from the command line against the real instance (`clerk-sync backfill`, `reconcile`).
 */
export async function runDriftAction(
  previous: DriftActionState | null,
  form: FormData,
): Promise<DriftActionState> {
  const sequence = (previous?.sequence ?? 0) + 1;
  const action = String(form.get("action") ?? "") as DriftAction;
  if (!isDemoMode()) {
    return {
      title: "Not run",
      lines: [],
      error: "The demo instance is only there in demo mode; run clerk-sync backfill or reconcile.",
      sequence,
    };
  }
  if (!ACTIONS.includes(action)) {
    return { title: "Not run", lines: [], error: `Unknown action "${action}".`, sequence };
  }
  try {
    const api = await demoClerkInstance();
    const options = { prisma, api: { secretKey: api.secretKey, apiUrl: api.url } };
    let state: Omit<DriftActionState, "sequence">;
    if (action === "change") {
      state = { title: "Changed the demo instance", lines: changeInstance(api.store) };
    } else if (action === "backfill") {
      const report = await backfill(options);
      state = { title: "Backfilled from the demo instance", lines: summary(report) };
    } else {
      const report = await reconcile({ ...options, fix: action === "fix" });
      state = {
        title: action === "fix" ? "Reconciled and fixed" : "Reconciled",
        lines: summary(report),
      };
    }
    revalidatePath("/", "layout");
    return { ...state, sequence };
  } catch (error) {
    return {
      title: "Failed",
      lines: [],
      error: error instanceof Error ? error.message : String(error),
      sequence,
    };
  }
}

function summary(report: RunReport): string[] {
  const listed = report.groups.reduce((n, g) => n + g.listed, 0);
  const lines = [
    `${listed} objects ${report.command === "backfill" ? "read and written" : "compared"} in ${(report.durationMs / 1000).toFixed(1)} s, ${report.api.requests} requests.`,
  ];
  for (const g of report.groups) {
    const drift = g.missing + g.stale + g.deleted;
    if (drift > 0) {
      lines.push(
        `${g.group}: ${g.missing} missing, ${g.stale} stale, ${g.deleted} deleted in Clerk`,
      );
    }
  }
  if (report.command === "reconcile") {
    lines.push(
      report.drift === 0
        ? report.fix
          ? "Everything found is fixed."
          : "No drift."
        : report.fix
          ? `${report.drift} row(s) could not be fixed through the sync.`
          : `Drift: ${report.drift} row(s).`,
    );
  }
  return lines;
}

type Store = Awaited<ReturnType<typeof demoClerkInstance>>["store"];

/**
 * What webhooks that never arrived would have said: three users renamed, two users deleted,
 * two users created, an organization deleted (and its memberships with it).
 */
function changeInstance(store: Store): string[] {
  const users = store.list("user");
  const members = new Set(
    store
      .list("organizationMembership")
      .map((m) => (m.public_user_data as { user_id?: string } | undefined)?.user_id),
  );
  const alone = users.filter((u) => !members.has(u.id));
  const renamed = users.filter((u) => members.has(u.id)).slice(0, 3);
  for (const user of renamed)
    store.update("user", user.id, { last_name: `${user.last_name}-Renamed` });
  const deleted = alone.slice(0, 2);
  for (const user of deleted) store.remove("user", user.id);
  const now = Date.now();
  const created = [0, 1].map((i) => {
    const template = users[0] as ClerkObject;
    return store.insert("user", {
      ...template,
      id: `user_2Demo${String(now + i).slice(-10)}${"0".repeat(13)}`,
      first_name: "New",
      last_name: `Signup ${i + 1}`,
      created_at: now + i,
      updated_at: now + i,
    });
  });
  // One without invitations: Clerk sends no event when an organization invitation goes away, so
  // no sync could tombstone those rows (reconcile would report them, --fix could not repair them).
  const organization = store
    .list("organization")
    .filter((o) => store.listOfOrganization("organizationInvitation", o.id).length === 0)
    .at(-1);
  if (organization) store.remove("organization", organization.id);
  return [
    `Renamed ${renamed.length} users, deleted ${deleted.length}, created ${created.length}.`,
    organization
      ? `Deleted the organization ${String(organization.name)} and its memberships.`
      : "",
    "No webhook told this app: reconcile finds the drift.",
  ].filter(Boolean);
}
