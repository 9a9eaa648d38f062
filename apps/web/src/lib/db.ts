import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { type Prisma, PrismaClient } from "@/generated/prisma/client";

function createPrismaClient(): PrismaClient {
  const adapter = new PrismaBetterSqlite3({
    url: process.env.DATABASE_URL ?? "file:./prisma/dev.db",
    // SQLite admits one writer at a time, and queue workers write beside the web process: a
    // writer waits up to 5 s for the lock before failing with SQLITE_BUSY. That is also
    // better-sqlite3's default, stated so it holds whatever the driver's default; not longer,
    // as the synchronous driver blocks the whole process while it waits.
    timeout: 5_000,
  });
  return new PrismaClient({ adapter });
}

// One client per process: dev reloads re-evaluate this module, and each new client would open
// another connection.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** The app's Prisma client. */
export const prisma = globalForPrisma.prisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

/** The transaction the kit applies each event in; hooks write through it. */
export type Tx = Prisma.TransactionClient;
