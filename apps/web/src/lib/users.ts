import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "./db";

/** Where a page of users starts: just after this user, in newest-first order. */
export interface UserCursor {
  createdAt: Date;
  id: string;
}

/** A cursor as a query parameter: `<created ms>.<user id>`. */
export function encodeUserCursor(row: { createdAt: Date | null; id: string }): string | undefined {
  return row.createdAt ? `${row.createdAt.getTime()}.${row.id}` : undefined;
}

export function decodeUserCursor(value: string | undefined): UserCursor | undefined {
  const match = value ? /^(\d{1,15})\.(.+)$/.exec(value) : null;
  if (!match?.[1] || !match[2]) return undefined;
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

/**
 * One page of live users, newest first, read by keyset on (created_at, id) through the index on
 * (deleted_at, created_at): each page costs the same however deep. `search` matches names,
 * username and primary email. Users without a creation time (rows an app wrote itself) sort
 * last and are listed on the first page only.
 */
export async function listUserPage(options: {
  search?: string;
  after?: UserCursor;
  take: number;
}): Promise<{
  rows: Awaited<ReturnType<typeof prisma.clerkUser.findMany>>;
  next?: string;
}> {
  const where: Prisma.ClerkUserWhereInput = {
    deletedAt: null,
    ...(options.search ? { searchText: { contains: options.search.toLowerCase() } } : {}),
  };
  const rows = await prisma.clerkUser.findMany({
    where: options.after
      ? {
          AND: [
            where,
            // The range bounds the index scan; the OR only settles ties at its edge.
            { createdAt: { lte: options.after.createdAt } },
            {
              OR: [
                { createdAt: { lt: options.after.createdAt } },
                { id: { lt: options.after.id } },
              ],
            },
          ],
        }
      : where,
    orderBy: [{ createdAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take: options.take + 1,
  });
  const page = rows.slice(0, options.take);
  const last = page.at(-1);
  const next = rows.length > options.take && last ? encodeUserCursor(last) : undefined;
  return next ? { rows: page, next } : { rows: page };
}

/** Live users in all: exact, and cheap (it counts entries of the index on deleted_at). */
export function countLiveUsers(): Promise<number> {
  return prisma.clerkUser.count({ where: { deletedAt: null } });
}
