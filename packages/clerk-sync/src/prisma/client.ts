import type { EventGroup } from "../catalog/index.js";
import { ClerkSyncError } from "../errors/index.js";
import { MODELS_OF_GROUP, type SyncedModel, type WriteOf } from "./models.js";

/**
 * What the sync needs of one model's Prisma delegate: an upsert keyed by id that returns the
 * stored columns, and a conditional update. Typed structurally, so any client generated from the
 * kit's models satisfies it and the kit never imports a generated client.
 */
export interface SyncDelegate<W> {
  upsert(args: {
    where: { id: string };
    create: W;
    update: { id: string };
    select: { [column: string]: boolean };
  }): PromiseLike<{ [column: string]: unknown }>;
  updateMany(args: {
    where: { id: string; syncVersion: Date };
    data: W;
  }): PromiseLike<{ count: number }>;
}

/** A delegate that also reads and inserts many rows at once, for bulk loads (`writeVersionedMany`). */
export interface BatchDelegate<W> extends SyncDelegate<W> {
  findMany(args: {
    where: { id: { in: string[] } };
    select: { [column: string]: boolean };
  }): PromiseLike<{ [column: string]: unknown }[]>;
  createMany(args: { data: W[] }): PromiseLike<{ count: number }>;
}

/** Whether `delegate` can also read and insert many rows at once. */
export function isBatchDelegate<W>(delegate: SyncDelegate<W>): delegate is BatchDelegate<W> {
  const batch = delegate as Partial<BatchDelegate<W>>;
  return typeof batch.findMany === "function" && typeof batch.createMany === "function";
}

/** The models the sync of groups `G` writes. */
export type ModelsOfGroups<G extends EventGroup> = (typeof MODELS_OF_GROUP)[G][number];

/**
 * The slice of a Prisma transaction client the sync of groups `G` writes through: one delegate
 * per model of those groups. An app's `Prisma.TransactionClient` satisfies it when its schema has
 * those models.
 */
export type SyncClient<G extends EventGroup = EventGroup> = {
  [M in ModelsOfGroups<G>]: SyncDelegate<WriteOf<M>>;
};

/**
 * The delegate for `model` on a transaction client, or a clear error if the schema lacks it.
 *
 * @example
 * await writeVersioned(delegateOf(tx, "clerkUser"), row, "upsert");
 */
export function delegateOf<M extends SyncedModel>(tx: unknown, model: M): SyncDelegate<WriteOf<M>> {
  const delegate =
    typeof tx === "object" && tx !== null ? (tx as Record<string, unknown>)[model] : undefined;
  if (
    typeof delegate !== "object" ||
    delegate === null ||
    typeof (delegate as Partial<SyncDelegate<unknown>>).upsert !== "function" ||
    typeof (delegate as Partial<SyncDelegate<unknown>>).updateMany !== "function"
  ) {
    const group = Object.entries(MODELS_OF_GROUP).find(([, models]) =>
      (models as readonly string[]).includes(model),
    )?.[0];
    throw new ClerkSyncError(
      "SYNC_MODEL_MISSING",
      `The Prisma client has no "${model}" model, which the sync of the "${group}" group writes.`,
      {
        suggestion: `Add the ${group} group's models to your Prisma schema (pnpm plop webhook-event), migrate, and regenerate the client; then replay the failed deliveries.`,
      },
    );
  }
  return delegate as SyncDelegate<WriteOf<M>>;
}
