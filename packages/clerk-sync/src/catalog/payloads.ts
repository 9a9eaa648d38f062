import type { WebhookEvent as ClerkWebhookEvent, InvitationJSON } from "@clerk/backend";
import type { ClerkEventType } from "./groups.js";

/** Fields every Clerk webhook event carries beside its data. */
export interface EventEnvelope<T extends string, D> {
  type: T;
  object: "event";
  data: D;
  event_attributes?: { http_request?: { client_ip?: string; user_agent?: string } };
  /** When Clerk created the event, in milliseconds since the epoch. */
  timestamp: number;
  instance_id?: string;
}

/** Clerk sends the same session payload for every session event. */
type SessionWebhookEventJSON = Extract<ClerkWebhookEvent, { data: { object: "session" } }>["data"];

/**
 * Catalogued events that Clerk's own `WebhookEvent` union does not (yet) describe. Their payloads
 * reuse Clerk's JSON types for the same resources.
 */
export type ExtendedClerkEvent =
  | EventEnvelope<"session.updated" | "session.pending", SessionWebhookEventJSON>
  | EventEnvelope<
      "invitation.created" | "invitation.accepted" | "invitation.revoked",
      InvitationJSON
    >;

/** Every catalogued event: Clerk's union plus the extensions above. */
export type AnyClerkEvent = ClerkWebhookEvent | ExtendedClerkEvent;

/**
 * The full event of one type. Clerk's union groups several types per member (`"user.created" |
 * "user.updated"`), so members are matched by whether their `type` includes `T`, then narrowed.
 */
export type EventOf<T extends ClerkEventType> = AnyClerkEvent extends infer E
  ? E extends { type: infer U }
    ? T extends U
      ? Omit<E, "type"> & { type: T }
      : never
    : never
  : never;

/** The `data` of one event type, as Clerk sends it. */
export type EventData<T extends ClerkEventType> = EventOf<T>["data"];

// Compile-time proof that the catalog and the payload types describe the same set of events.
type MissingFromPayloads = Exclude<ClerkEventType, AnyClerkEvent["type"]>;
type MissingFromCatalog = Exclude<AnyClerkEvent["type"], ClerkEventType>;
const catalogMatchesPayloads: [MissingFromPayloads, MissingFromCatalog] extends [never, never]
  ? true
  : { missingFromPayloads: MissingFromPayloads; missingFromCatalog: MissingFromCatalog } = true;
void catalogMatchesPayloads;
