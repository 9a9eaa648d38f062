import type { EventGroup } from "@acme/clerk-sync";
import { communicationHooks } from "./communication";
import { invitationHooks } from "./invitation";
import { organizationHooks } from "./organization";
import { organizationDomainHooks } from "./organizationDomain";
import { organizationInvitationHooks } from "./organizationInvitation";
import { organizationMembershipHooks } from "./organizationMembership";
import { paymentAttemptHooks } from "./paymentAttempt";
import { permissionHooks } from "./permission";
import { roleHooks } from "./role";
import { sessionHooks } from "./session";
import { subscriptionHooks } from "./subscription";
import { subscriptionItemHooks } from "./subscriptionItem";
import { userHooks } from "./user";
import { waitlistEntryHooks } from "./waitlistEntry";

/** The event groups this app syncs. `pnpm plop webhook-event` adds to it. */
export const syncedGroups = [
  "user",
  "organization",
  "organizationDomain",
  "organizationInvitation",
  "organizationMembership",
  "role",
  "permission",
  "session",
  "communication",
  "invitation",
  "waitlistEntry",
  "subscription",
  "subscriptionItem",
  "paymentAttempt",
] as const satisfies readonly EventGroup[];

/** Your hooks: they run after the kit's sync of each event, in the same transaction. */
export const hooks = [
  userHooks,
  organizationHooks,
  organizationDomainHooks,
  organizationInvitationHooks,
  organizationMembershipHooks,
  roleHooks,
  permissionHooks,
  sessionHooks,
  communicationHooks,
  invitationHooks,
  waitlistEntryHooks,
  subscriptionHooks,
  subscriptionItemHooks,
  paymentAttemptHooks,
];
