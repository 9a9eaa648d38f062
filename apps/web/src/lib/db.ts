import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { type Prisma, PrismaClient } from "@/generated/prisma/client";

function createPrismaClient(): PrismaClient {
  const adapter = new PrismaBetterSqlite3({
    url: process.env.DATABASE_URL ?? "file:./prisma/dev.db",
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
