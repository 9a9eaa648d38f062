import {
  type ClerkEventType,
  EVENT_GROUP_NAMES,
  type EventGroup,
  eventsOfGroups,
  isEventGroup,
} from "../catalog/index.js";
import { type HandlerMap, markSyncHandler } from "../dispatch/handlers.js";
import { ClerkSyncError } from "../errors/index.js";
import { storable } from "../ledger/storable.js";
import { epochMs } from "../ledger/time.js";
import { delegateOf, type SyncClient } from "./client.js";
import type { InputJson, SyncedColumns, SyncedModel, WriteOf } from "./models.js";
import {
  emailRow,
  invitationRow,
  organizationDomainRow,
  organizationInvitationRow,
  organizationMembershipRow,
  organizationRow,
  paymentAttemptRow,
  permissionRow,
  type RowMapper,
  roleRow,
  sessionRow,
  smsMessageRow,
  subscriptionItemRow,
  subscriptionRow,
  userRow,
  waitlistEntryRow,
} from "./rows.js";
import { eventVersion, type WriteKind, writeVersioned } from "./version.js";

/** How one event type is synced: into which model, how, with which columns. */
interface SyncPlan {
  model: SyncedModel;
  kind: WriteKind;
  row: (data: unknown, event: { timestamp: number }) => object;
}

function plan<M extends SyncedModel, D>(model: M, kind: WriteKind, row: RowMapper<M, D>): SyncPlan {
  return { model, kind, row: row as SyncPlan["row"] };
}

const user = (kind: WriteKind) => plan("clerkUser", kind, userRow);
const organization = (kind: WriteKind) => plan("clerkOrganization", kind, organizationRow);
const domain = (kind: WriteKind) => plan("clerkOrganizationDomain", kind, organizationDomainRow);
const orgInvitation = plan("clerkOrganizationInvitation", "upsert", organizationInvitationRow);
const membership = (kind: WriteKind) =>
  plan("clerkOrganizationMembership", kind, organizationMembershipRow);
const role = (kind: WriteKind) => plan("clerkRole", kind, roleRow);
const permission = (kind: WriteKind) => plan("clerkPermission", kind, permissionRow);
const session = plan("clerkSession", "upsert", sessionRow);
const invitation = plan("clerkInvitation", "upsert", invitationRow);
const waitlistEntry = plan("clerkWaitlistEntry", "upsert", waitlistEntryRow);
const subscription = plan("clerkSubscription", "upsert", subscriptionRow);
const subscriptionItem = plan("clerkSubscriptionItem", "upsert", subscriptionItemRow);
const paymentAttempt = plan("clerkPaymentAttempt", "upsert", paymentAttemptRow);

/**
 * Every catalogued event type and how it is synced. The mapped type makes a forgotten event a
 * compile error: syncing only `*.created` is the classic bug this rules out.
 */
const PLANS: { readonly [T in ClerkEventType]: SyncPlan } = {
  "user.created": user("upsert"),
  "user.updated": user("upsert"),
  "user.deleted": user("delete"),
  "organization.created": organization("upsert"),
  "organization.updated": organization("upsert"),
  "organization.deleted": organization("delete"),
  "organizationDomain.created": domain("upsert"),
  "organizationDomain.updated": domain("upsert"),
  "organizationDomain.deleted": domain("delete"),
  "organizationInvitation.created": orgInvitation,
  "organizationInvitation.accepted": orgInvitation,
  "organizationInvitation.revoked": orgInvitation,
  "organizationMembership.created": membership("upsert"),
  "organizationMembership.updated": membership("upsert"),
  "organizationMembership.deleted": membership("delete"),
  "role.created": role("upsert"),
  "role.updated": role("upsert"),
  "role.deleted": role("delete"),
  "permission.created": permission("upsert"),
  "permission.updated": permission("upsert"),
  "permission.deleted": permission("delete"),
  "session.created": session,
  "session.updated": session,
  "session.ended": session,
  "session.removed": session,
  "session.revoked": session,
  "session.pending": session,
  // Emails and SMS carry no version: the first delivery of an id is the record.
  "email.created": plan("clerkEmail", "append", emailRow),
  "sms.created": plan("clerkSmsMessage", "append", smsMessageRow),
  "invitation.created": invitation,
  "invitation.accepted": invitation,
  "invitation.revoked": invitation,
  "waitlistEntry.created": waitlistEntry,
  "waitlistEntry.updated": waitlistEntry,
  "subscription.created": subscription,
  "subscription.updated": subscription,
  "subscription.active": subscription,
  "subscription.pastDue": subscription,
  "subscriptionItem.created": subscriptionItem,
  "subscriptionItem.updated": subscriptionItem,
  "subscriptionItem.active": subscriptionItem,
  "subscriptionItem.canceled": subscriptionItem,
  "subscriptionItem.upcoming": subscriptionItem,
  "subscriptionItem.ended": subscriptionItem,
  "subscriptionItem.abandoned": subscriptionItem,
  "subscriptionItem.incomplete": subscriptionItem,
  "subscriptionItem.pastDue": subscriptionItem,
  "subscriptionItem.freeTrialEnding": subscriptionItem,
  "paymentAttempt.created": paymentAttempt,
  "paymentAttempt.updated": paymentAttempt,
};

/**
 * The model an event type is synced into and how (`upsert`, `delete`, `append`).
 *
 * @example syncPlanOf("organizationMembership.deleted") // { model: "clerkOrganizationMembership", kind: "delete" }
 */
export function syncPlanOf(type: ClerkEventType): { model: SyncedModel; kind: WriteKind } {
  const { model, kind } = PLANS[type];
  return { model, kind };
}

interface SyncContext {
  data: unknown;
  event: { timestamp: number; type: string };
  tx: unknown;
}

/**
 * The row an event writes, whole (typed columns, id, raw payload, version, tombstone), with the
 * model and how it is written. Pure: no database involved. Text the database cannot store (NUL,
 * lone surrogates) is replaced with U+FFFD, as the ledger does; a `timestamp` in seconds is
 * read as such.
 *
 * @example
 * const { model, kind, row } = syncRowOf(fixture("user.deleted"));
 * // model "clerkUser", kind "delete", row.deletedAt === row.syncVersion
 */
export function syncRowOf(event: { type: ClerkEventType; data: unknown; timestamp: number }): {
  model: SyncedModel;
  kind: WriteKind;
  row: WriteOf<SyncedModel>;
} {
  const { model, kind, row } = PLANS[event.type];
  const data = storable(event.data).value;
  const id = (data as { id?: unknown } | null)?.id;
  if (typeof id !== "string" || id.length === 0) {
    throw new ClerkSyncError("UNSYNCABLE_EVENT", `A ${event.type} event's data has no id.`, {
      suggestion: "Check the payload in the event log; the sync keys every row by Clerk's id.",
    });
  }
  const syncVersion = eventVersion({ ...event, data }, kind);
  const timestamp = epochMs(event.timestamp) ?? syncVersion.getTime();
  const columns = {
    ...row(data, { timestamp }),
    id,
    raw: data as InputJson,
    syncVersion,
    deletedAt: kind === "delete" ? syncVersion : null,
  } satisfies SyncedColumns<InputJson> as WriteOf<SyncedModel>;
  return { model, kind, row: columns };
}

function handlerFor(type: ClerkEventType) {
  return markSyncHandler(async ({ data, event, tx }: SyncContext): Promise<void> => {
    const { model, kind, row } = syncRowOf({ type, data, timestamp: event.timestamp });
    await writeVersioned(delegateOf(tx, model), row, kind);
  });
}

/**
 * The kit's default sync for the given event groups: one handler for every event type of each
 * group, writing Clerk's data into the group's `Clerk*` models. Rows are keyed by Clerk id and
 * written in a total order (deletes final, then version, status, content), so any order,
 * duplication or concurrency of deliveries ends in the same state. Put your own hooks after it:
 * they run in the same transaction, once per event.
 *
 * The returned map is typed by the groups: the transaction client must have their models. Rows
 * your app writes itself are fine, as long as their `syncVersion` is the Clerk `updated_at` their
 * data came from.
 *
 * @example
 * import { createClerkSync } from "@acme/clerk-sync";
 * import { syncHandlers } from "@acme/clerk-sync/prisma";
 *
 * export const clerkSync = createClerkSync<Tx>({
 *   prisma,
 *   handlers: [syncHandlers(["user", "organization", "organizationMembership"]), userHooks],
 * });
 */
export function syncHandlers(groups: "all"): HandlerMap<SyncClient>;
export function syncHandlers<const G extends EventGroup>(
  groups: readonly G[],
): HandlerMap<SyncClient<G>>;
export function syncHandlers(groups: readonly EventGroup[] | "all"): HandlerMap<SyncClient> {
  const chosen: readonly unknown[] | undefined =
    groups === "all" ? EVENT_GROUP_NAMES : Array.isArray(groups) ? groups : undefined;
  const invalid = chosen?.filter((g) => typeof g !== "string" || !isEventGroup(g)) ?? [groups];
  if (!chosen || invalid.length > 0) {
    throw new ClerkSyncError(
      "INVALID_OPTIONS",
      `syncHandlers: not event groups: ${invalid.map((g) => JSON.stringify(g)).join(", ")}.`,
      { suggestion: `Pass "all" or groups from the catalog: ${EVENT_GROUP_NAMES.join(", ")}.` },
    );
  }
  const handlers: Record<string, (context: SyncContext) => Promise<void>> = {};
  for (const type of eventsOfGroups(chosen as readonly EventGroup[]))
    handlers[type] = handlerFor(type);
  return handlers as HandlerMap<SyncClient>;
}
