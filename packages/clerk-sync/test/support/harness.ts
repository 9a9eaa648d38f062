import {
  type ClerkSync,
  type ClerkSyncOptions,
  createClerkSync,
  defineHandlers,
  silentLogger,
} from "../../src/index.js";
import { generateSigningSecret, type SignedDelivery } from "../../src/samples/sign.js";
import { openTestDatabase, type TestDatabase } from "./db.js";
import type { Provider, TestPrisma } from "./providers.js";

export type TestTx = Parameters<Parameters<TestPrisma["$transaction"]>[0]>[0];
export type LedgerRow = Awaited<ReturnType<TestPrisma["clerkWebhookEvent"]["findUniqueOrThrow"]>>;

/**
 * POST a signed delivery to a kit's route handler. `recordOnly` writes the ledger row and
 * schedules nothing, as a web process that dies right after answering would leave it.
 */
export function deliver(
  sync: ClerkSync,
  delivery: SignedDelivery,
  { recordOnly = false } = {},
): Promise<Response> {
  const request = new Request("http://localhost/api/webhooks", {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
  });
  return sync.handleRequest(request, recordOnly ? { defer: () => {} } : undefined);
}

/** Handlers that record one `TestEffect` row per applied event, and can be told to fail. */
export function effectHandlers(failures = new Map<string, number>()) {
  const record = async ({
    tx,
    eventId,
    data,
  }: {
    tx: TestTx;
    eventId: string;
    data: { id?: string };
  }) => {
    const key = data.id ?? "none";
    const remaining = failures.get(key) ?? 0;
    if (remaining !== 0) {
      failures.set(key, remaining - 1);
      throw new Error(`simulated failure for ${key}`);
    }
    await tx.testEffect.create({ data: { eventId, key } });
  };
  return defineHandlers<TestTx>({
    "user.created": record,
    "user.updated": record,
    "organization.created": record,
  });
}

export interface Harness {
  db: TestDatabase;
  prisma: TestPrisma;
  secret: string;
  /** Set how many times the handler for entity `key` fails before it succeeds (-1: always). */
  failures: Map<string, number>;
  make(options?: Partial<ClerkSyncOptions<TestTx>>): ClerkSync;
  effects(key?: string): Promise<number>;
  ledgerCount(): Promise<number>;
  /** The ledger row of a delivery. */
  row(id: string): Promise<LedgerRow>;
  /** Wait until a delivery reaches `status` (or its row satisfies `check`). */
  until(id: string, status: string | ((row: LedgerRow) => boolean)): Promise<LedgerRow>;
  close(): Promise<void>;
}

/** One provider's database, a signing secret, and a factory for configured kits. */
export async function openHarness(provider: Provider, name?: string): Promise<Harness> {
  const db = await openTestDatabase(provider, name);
  const secret = generateSigningSecret();
  const failures = new Map<string, number>();
  const made: ClerkSync[] = [];
  const row = (id: string) => db.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id } });
  return {
    db,
    prisma: db.prisma,
    secret,
    failures,
    make(options = {}) {
      const sync = createClerkSync<TestTx>({
        prisma: db.prisma,
        handlers: effectHandlers(failures),
        signingSecret: secret,
        logger: silentLogger,
        retry: { baseDelayMs: 20, maxDelayMs: 200 },
        sweeper: false,
        ...options,
      });
      made.push(sync);
      return sync;
    },
    effects: (key) => db.prisma.testEffect.count(key ? { where: { key } } : undefined),
    ledgerCount: () => db.prisma.clerkWebhookEvent.count(),
    row,
    until: (id, status) =>
      eventually(() => row(id), typeof status === "string" ? (r) => r.status === status : status, {
        message: typeof status === "string" ? `${id} to be ${status}` : `a change of ${id}`,
      }),
    async close() {
      await Promise.all(made.map((s) => s.close()));
      await db.close();
    },
  };
}

/** Deliver and require the route's 200; its answer says whether the svix-id was a duplicate. */
export async function accept(
  sync: ClerkSync,
  delivery: SignedDelivery,
): Promise<{ duplicate: boolean }> {
  const response = await deliver(sync, delivery);
  if (response.status !== 200) {
    throw new Error(
      `expected 200 for ${delivery.svixId}, got ${response.status}: ${await response.text()}`,
    );
  }
  return (await response.json()) as { duplicate: boolean };
}

/** Wait until `check` holds, polling; fails with `message` after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T>,
  predicate: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 20, message = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (predicate(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${message}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
