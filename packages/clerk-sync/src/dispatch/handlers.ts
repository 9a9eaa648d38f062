import type { ClerkEventType, EventData, EventOf } from "../catalog/index.js";
import type { TransactionClient } from "../ledger/prisma-types.js";

/** What a handler receives for one event. */
export interface HandlerContext<T extends ClerkEventType, Tx = TransactionClient> {
  /** The event's `data`, typed for its event type. */
  data: EventData<T>;
  /** The whole verified event. */
  event: EventOf<T>;
  /**
   * The delivery's `svix-id`: stable across retries and redeliveries, so it is the idempotency
   * key to hand to anything outside the database (an email provider, a payment API).
   */
  eventId: string;
  /**
   * The transaction the ledger's status change commits in. Write through it, and the write
   * happens exactly once with the event.
   */
  tx: Tx;
  /** Which attempt this is, starting at 1. */
  attempt: number;
}

export type EventHandler<T extends ClerkEventType, Tx = TransactionClient> = (
  context: HandlerContext<T, Tx>,
) => unknown | Promise<unknown>;

/** A map from event types to their handlers. Types not in the map are recorded and skipped. */
export type HandlerMap<Tx = TransactionClient> = {
  [T in ClerkEventType]?: EventHandler<T, Tx>;
};

/**
 * Declare handlers with `data` typed per event type.
 *
 * @example
 * const hooks = defineHandlers({
 *   "user.created": async ({ data, eventId }) => {
 *     await sendWelcomeEmail(data.email_addresses[0]?.email_address, { idempotencyKey: eventId });
 *   },
 * });
 */
export function defineHandlers<Tx = TransactionClient>(handlers: HandlerMap<Tx>): HandlerMap<Tx> {
  return handlers;
}

/**
 * Several handler maps, run in order for each event, in the same transaction: typically the
 * kit's sync first, then the app's own hooks.
 */
export type HandlerSet<Tx = TransactionClient> = HandlerMap<Tx> | readonly HandlerMap<Tx>[];

/**
 * Marks the kit's own sync handlers, so that a forced replay can run them without the app's
 * hooks. A registered symbol on the function itself: it survives spreading the handler maps
 * together, and a second copy of the kit (the CLI's beside the app's) recognises it.
 */
const SYNC_HANDLER = Symbol.for("@acme/clerk-sync/sync-handler");

/** Mark a handler as the kit's sync (see `handlersFor`'s `hooks`). */
export function markSyncHandler<F extends (...args: never[]) => unknown>(handler: F): F {
  Object.defineProperty(handler, SYNC_HANDLER, { value: true });
  return handler;
}

function isSyncHandler(handler: unknown): boolean {
  return (handler as Record<symbol, unknown>)[SYNC_HANDLER] === true;
}

/**
 * Every handler registered for `type`, in order; with `hooks: false`, only the kit's sync
 * handlers (a forced replay that must not run the app's side effects again).
 */
export function handlersFor(
  set: HandlerSet<never>,
  type: string,
  { hooks = true }: { hooks?: boolean } = {},
): EventHandler<never, never>[] {
  const maps = (Array.isArray(set) ? set : [set]) as readonly Record<string, unknown>[];
  return maps.flatMap((map) => {
    const handler = Object.hasOwn(map, type) ? map[type] : undefined;
    if (typeof handler !== "function" || !(hooks || isSyncHandler(handler))) return [];
    return [handler as EventHandler<never, never>];
  });
}
