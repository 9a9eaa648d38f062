import type { LedgerRow } from "./types.js";

/**
 * The slice of a generated Prisma client the ledger uses. The app's own client (generated from the
 * kit's models) satisfies it; the kit never imports a generated client itself.
 */
export interface LedgerDelegate {
  create(args: {
    data: Record<string, unknown>;
    select?: Record<string, boolean>;
  }): PromiseLike<LedgerRow>;
  findUnique(args: {
    where: { id: string };
    select?: Record<string, boolean>;
  }): PromiseLike<LedgerRow | null>;
  findMany(args: Record<string, unknown>): PromiseLike<LedgerRow[]>;
  updateMany(args: {
    where: Record<string, unknown>;
    data: Record<string, unknown>;
  }): PromiseLike<{ count: number }>;
  count(args?: Record<string, unknown>): PromiseLike<number>;
  groupBy(args: Record<string, unknown>): PromiseLike<unknown[]>;
  deleteMany(args?: Record<string, unknown>): PromiseLike<{ count: number }>;
}

/** A transaction client: the same delegates, without `$transaction`. */
export type TransactionClient = { clerkWebhookEvent: LedgerDelegate } & Record<string, unknown>;

/** The Prisma client the kit is given. Only `$transaction` and the ledger model are required. */
export interface PrismaClientLike {
  clerkWebhookEvent: unknown;
  $transaction: unknown;
}

/** The typed view of a client the kit works through. */
export interface LedgerClient {
  clerkWebhookEvent: LedgerDelegate;
  $transaction<T>(
    fn: (tx: TransactionClient) => Promise<T>,
    options?: { maxWait?: number; timeout?: number; isolationLevel?: string },
  ): Promise<T>;
}

/** Prisma's error for a unique constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    (error as { code?: unknown }).code === "P2002"
  );
}
