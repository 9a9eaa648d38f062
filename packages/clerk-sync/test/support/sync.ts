import { expect } from "vitest";
import type { ClerkEventType, ClerkSync, ClerkSyncOptions, EventOf } from "../../src/index.js";
import { type SyncedModel, syncHandlers } from "../../src/prisma/index.js";
import { signedRequest } from "../../src/testing/index.js";
import type { Harness, TestTx } from "./harness.js";

/** A kit that runs the default sync of every group (then `hooks`), on the harness's database. */
export function makeSync(
  h: Harness,
  options: Partial<ClerkSyncOptions<TestTx>> & {
    hooks?: ClerkSyncOptions<TestTx>["handlers"];
  } = {},
): ClerkSync {
  const { hooks, ...rest } = options;
  const extra = hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
  return h.make({ handlers: [syncHandlers("all"), ...extra], ...rest });
}

/** Post one signed delivery through the route; expects 200. Returns its svix-id. */
export async function post(
  h: { secret: string },
  sync: ClerkSync,
  event: EventOf<ClerkEventType> | Record<string, unknown>,
  options: { svixId?: string } = {},
): Promise<string> {
  const request = signedRequest(event, { secret: h.secret, ...options });
  const svixId = request.headers.get("svix-id") ?? "";
  const response = await sync.handleRequest(request);
  expect(response.status).toBe(200);
  return svixId;
}

/** Post deliveries one after another, each processed before the next is sent. */
export async function deliverInOrder(
  h: Harness,
  sync: ClerkSync,
  events: readonly (EventOf<ClerkEventType> | Record<string, unknown>)[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const event of events) {
    ids.push(await post(h, sync, event));
    await sync.queue.drain();
  }
  return ids;
}

/** The ledger rows of these deliveries, by svix-id. */
export async function ledgerOf(h: { prisma: Harness["prisma"] }, ids: readonly string[]) {
  const rows = await h.prisma.clerkWebhookEvent.findMany({ where: { id: { in: [...ids] } } });
  return new Map(rows.map((r) => [r.id, r]));
}

/** Expect every delivery done on its first attempt (no error sent any into a retry). */
export async function expectDoneFirstTime(
  h: { prisma: Harness["prisma"] },
  ids: readonly string[],
): Promise<void> {
  const rows = await ledgerOf(h, ids);
  for (const id of ids) {
    const row = rows.get(id);
    expect(
      { status: row?.status, attempts: row?.attempts, lastError: row?.lastError },
      `delivery ${id} (${row?.type})`,
    ).toEqual({ status: "done", attempts: 1, lastError: null });
  }
}

type AnyDelegate = {
  findUnique(args: { where: { id: string } }): Promise<Record<string, unknown> | null>;
  findMany(args: { where: { id: { in: string[] } } }): Promise<Record<string, unknown>[]>;
};

/** One synced row by model and Clerk id. */
export function rowOf(h: Harness, model: SyncedModel, id: string) {
  return (h.prisma[model] as unknown as AnyDelegate).findUnique({ where: { id } });
}

/** Synced rows by model and Clerk ids, sorted by id (for comparing two databases). */
export async function rowsOf(
  prisma: Harness["prisma"],
  model: SyncedModel,
  ids: readonly string[],
): Promise<Record<string, unknown>[]> {
  const rows = await (prisma[model] as unknown as AnyDelegate).findMany({
    where: { id: { in: [...ids] } },
  });
  return rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}
