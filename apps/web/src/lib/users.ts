import type { Prisma } from "@/generated/prisma/client";
import { LIVE, LIVE_ORDER, type Tally, tally } from "./counts";
import { prisma } from "./db";
import { type Cursor, liveNewestFirst, olderThan, pageOf } from "./keyset";

/**
 * One page of live users, newest first, read by keyset on (created_at, id) through the index on
 * (deleted_at, created_at, id): each page costs the same however deep. `search` matches names,
 * username and primary email. Users without a creation time (rows an app wrote itself) are
 * listed on the first page only.
 */
export async function listUserPage(options: { search?: string; after?: Cursor; take: number }) {
  const where: Prisma.ClerkUserWhereInput = {
    deletedAt: null,
    ...(options.search ? { searchText: { contains: options.search.toLowerCase() } } : {}),
  };
  const rows = await prisma.clerkUser.findMany({
    where: options.after ? { AND: [where, ...olderThan("createdAt", options.after)] } : where,
    orderBy: liveNewestFirst("createdAt"),
    take: options.take + 1,
  });
  return pageOf(rows, options.take, (row) => row.createdAt);
}

/** Live users in all: exact while cheap (an index count), an estimate past that. */
export function countLiveUsers(): Promise<Tally> {
  return tally("clerk_users", (take) =>
    prisma.clerkUser.count({ where: LIVE, orderBy: LIVE_ORDER, take }),
  );
}
