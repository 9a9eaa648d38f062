/**
 * The event catalog: every Clerk webhook event group and the event types in it.
 * The route, the handlers, the generators' prompts, the fixtures and the docs all read this list.
 */
export const EVENT_GROUPS = {
  user: {
    label: "Users",
    description: "Users, their primary email and phone, names, image, metadata and status",
    events: ["user.created", "user.updated", "user.deleted"],
  },
  organization: {
    label: "Organizations",
    description: "Organizations and their metadata",
    events: ["organization.created", "organization.updated", "organization.deleted"],
  },
  organizationDomain: {
    label: "Organization domains",
    description: "Verified and enrolled organization domains",
    events: [
      "organizationDomain.created",
      "organizationDomain.updated",
      "organizationDomain.deleted",
    ],
  },
  organizationInvitation: {
    label: "Organization invitations",
    description: "Invitations to join an organization",
    events: [
      "organizationInvitation.created",
      "organizationInvitation.accepted",
      "organizationInvitation.revoked",
    ],
  },
  organizationMembership: {
    label: "Organization memberships",
    description: "Who belongs to which organization, with role and permissions",
    events: [
      "organizationMembership.created",
      "organizationMembership.updated",
      "organizationMembership.deleted",
    ],
  },
  role: {
    label: "Roles",
    description: "Organization roles",
    events: ["role.created", "role.updated", "role.deleted"],
  },
  permission: {
    label: "Permissions",
    description: "Organization permissions",
    events: ["permission.created", "permission.updated", "permission.deleted"],
  },
  session: {
    label: "Sessions",
    description: "Sessions and their status",
    events: [
      "session.created",
      "session.updated",
      "session.ended",
      "session.removed",
      "session.revoked",
      "session.pending",
    ],
  },
  communication: {
    label: "Communication log",
    description: "Emails and SMS messages sent by Clerk",
    events: ["email.created", "sms.created"],
  },
  invitation: {
    label: "Invitations",
    description: "Invitations to the application",
    events: ["invitation.created", "invitation.accepted", "invitation.revoked"],
  },
  waitlistEntry: {
    label: "Waitlist",
    description: "Waitlist entries",
    events: ["waitlistEntry.created", "waitlistEntry.updated"],
  },
  subscription: {
    label: "Billing subscriptions",
    description: "Billing subscriptions of users and organizations",
    events: [
      "subscription.created",
      "subscription.updated",
      "subscription.active",
      "subscription.pastDue",
    ],
  },
  subscriptionItem: {
    label: "Billing subscription items",
    description: "Plans inside billing subscriptions",
    events: [
      "subscriptionItem.created",
      "subscriptionItem.updated",
      "subscriptionItem.active",
      "subscriptionItem.canceled",
      "subscriptionItem.upcoming",
      "subscriptionItem.ended",
      "subscriptionItem.abandoned",
      "subscriptionItem.incomplete",
      "subscriptionItem.pastDue",
      "subscriptionItem.freeTrialEnding",
    ],
  },
  paymentAttempt: {
    label: "Billing payment attempts",
    description: "Payment attempts for billing subscriptions",
    events: ["paymentAttempt.created", "paymentAttempt.updated"],
  },
} as const satisfies Record<string, EventGroupDefinition>;

export interface EventGroupDefinition {
  readonly label: string;
  readonly description: string;
  readonly events: readonly string[];
}

export type EventGroup = keyof typeof EVENT_GROUPS;
export type ClerkEventType = (typeof EVENT_GROUPS)[EventGroup]["events"][number];

/** Every group name, in catalog order. */
export const EVENT_GROUP_NAMES = Object.keys(EVENT_GROUPS) as EventGroup[];

/** Every catalogued event type, in catalog order. */
export const EVENT_TYPES: readonly ClerkEventType[] = EVENT_GROUP_NAMES.flatMap(
  (group) => EVENT_GROUPS[group].events,
);

const GROUP_BY_EVENT = new Map<string, EventGroup>(
  EVENT_GROUP_NAMES.flatMap((group) =>
    EVENT_GROUPS[group].events.map((type) => [type, group] as const),
  ),
);

/** Whether `type` is an event type in the catalog. */
export function isCatalogedEventType(type: string): type is ClerkEventType {
  return GROUP_BY_EVENT.has(type);
}

/**
 * The group an event type belongs to, or `undefined` for a type the catalog does not know.
 * @example groupOfEvent("organizationMembership.updated") // "organizationMembership"
 */
export function groupOfEvent(type: string): EventGroup | undefined {
  return GROUP_BY_EVENT.get(type);
}

/** Whether `name` is a group in the catalog. */
export function isEventGroup(name: string): name is EventGroup {
  return Object.hasOwn(EVENT_GROUPS, name);
}

/** The event types of the given groups, in catalog order. */
export function eventsOfGroups(groups: readonly EventGroup[]): ClerkEventType[] {
  const chosen = new Set(groups);
  return EVENT_GROUP_NAMES.filter((g) => chosen.has(g)).flatMap((g) => EVENT_GROUPS[g].events);
}
