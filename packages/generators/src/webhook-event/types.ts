import type { EventGroup } from "@acme/clerk-sync/catalog";
import type { DatabaseProvider } from "../prisma/schema";
import type { QueueKind } from "./options";

export type ChangeKind = "create" | "update" | "skip";

/** One file of the plan: what happens to it, and why. */
export interface PlannedChange {
  kind: ChangeKind;
  /** Relative to the app directory, with forward slashes. */
  path: string;
  /** The file's new text, for `create` and `update`. */
  content?: string;
  /** Why: what was added, or why nothing had to be. */
  reason: string;
  /** Something the user has to check or do by hand. */
  warnings: string[];
}

/** What to tell the user after the run. */
export interface NextSteps {
  /** Every event the app's endpoint must be subscribed to in the Clerk Dashboard. */
  events: string[];
  /** Commands to run, in order. */
  commands: string[];
  /** Other things to do. */
  notes: string[];
}

/** The whole run, computed before anything is written (and all a dry run does). */
export interface WebhookEventPlan {
  appDir: string;
  /** The groups asked for, in catalog order. */
  groups: EventGroup[];
  /** Every group the app syncs once the plan is applied. */
  syncedGroups: EventGroup[];
  provider: DatabaseProvider;
  queue: QueueKind;
  dryRun: boolean;
  changes: PlannedChange[];
  nextSteps: NextSteps;
}
