import type { LedgerDelegate } from "./prisma-types.js";

/** A Prisma client (or transaction client) that can run SQL of its own. */
export interface RawClient {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

export type RawTransaction = RawClient & { clerkWebhookEvent: LedgerDelegate };

/**
 * What the ledger's own SQL needs to know of a provider: how a parameter is written, and how a
 * time is passed so that it compares with the ones Prisma wrote. On SQLite the driver adapter
 * formats a Date as its `timestampFormat` says (ISO 8601 text with a `+00:00` offset by default,
 * so text order is time order), and PostgreSQL keeps `timestamp(3)` holding UTC.
 */
export interface SqlDialect {
  param(index: number): string;
  date(value: Date): unknown;
  /** The SQL expression for a parameter holding `date(value)`. */
  time(param: string): string;
  /** The SQL expression for a parameter holding JSON text, as the payload column takes it. */
  json(param: string): string;
  /** Appended to the claim's candidate query. */
  skipLocked: string;
}

const SQLITE: SqlDialect = {
  param: () => "?",
  // The Date itself: the driver adapter stores it in the format it was configured with
  // (ISO 8601 text by default, or epoch milliseconds), exactly as Prisma's own writes.
  date: (value) => value,
  time: (param) => param,
  json: (param) => param,
  skipLocked: "",
};

const POSTGRESQL: SqlDialect = {
  param: (index) => `$${index}`,
  date: (value) => value.toISOString(),
  time: (param) => `(${param}::timestamptz AT TIME ZONE 'UTC')`,
  json: (param) => `${param}::jsonb`,
  skipLocked: " FOR UPDATE SKIP LOCKED",
};

/** The dialect for Prisma's provider name; undefined for one the ledger writes no SQL for. */
export function sqlDialect(provider: unknown): SqlDialect | undefined {
  if (provider === "sqlite") return SQLITE;
  if (provider === "postgresql") return POSTGRESQL;
  return undefined;
}
