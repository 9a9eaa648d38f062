import { openTestDatabase, type TestDatabase } from "./db.js";
import { createPrisma, type Provider } from "./providers.js";

/**
 * A test database for many small transactions: commits do not wait for the disk. What such tests
 * check is ordering, locking and idempotency, which this leaves intact; durability is not under
 * test, and a fsync per commit would make thousands of deliveries take many minutes.
 */
export async function openRelaxedDatabase(provider: Provider, name: string): Promise<TestDatabase> {
  const db = await openTestDatabase(provider, name);
  if (provider === "sqlite") {
    // The better-sqlite3 adapter holds one connection, so a connection pragma holds for the client.
    await db.prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    return db;
  }
  const database = decodeURIComponent(new URL(db.url).pathname.slice(1));
  await db.prisma.$executeRawUnsafe(`ALTER DATABASE "${database}" SET synchronous_commit = off`);
  // The setting applies to new connections: reconnect with a fresh client.
  await db.close();
  const prisma = createPrisma(provider, db.url);
  return { ...db, prisma, close: () => prisma.$disconnect() };
}
