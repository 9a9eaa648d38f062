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

/**
 * Prisma's error for a unique constraint violation: P2002 from a model query, or from raw SQL
 * (P2010) the driver adapter's `UniqueConstraintViolation`, or the database's own code
 * (PostgreSQL's SQLSTATE, SQLite's extended result code).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const { code, meta } = error as {
    code?: unknown;
    meta?: { code?: unknown; driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  if (code === "P2002") return true;
  if (code !== "P2010") return false;
  return (
    meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation" ||
    RAW_UNIQUE_CODES.has(String(meta?.code))
  );
}

const RAW_UNIQUE_CODES = new Set([
  "23505",
  "SQLITE_CONSTRAINT_PRIMARYKEY",
  "SQLITE_CONSTRAINT_UNIQUE",
  "1555",
  "2067",
]);
