/**
 * The versions the generator writes into an app's package.json for the dependencies it lacks:
 * pinned here, never looked up in a registry, so a run is deterministic. Kept equal to the kit's
 * own pnpm catalog (a test checks), so an app gets what the kit is tested with.
 */
export const DEPENDENCY_VERSIONS = {
  "@acme/clerk-sync": "^0.1.0",
  "@clerk/nextjs": "7.9.17",
  "@prisma/adapter-better-sqlite3": "7.10.0",
  "@prisma/adapter-pg": "7.10.1",
  "@prisma/client": "7.10.0",
  "@types/better-sqlite3": "7.6.13",
  "@types/pg": "8.23.1",
  "better-sqlite3": "12.11.1",
  bullmq: "6.7.0",
  ioredis: "5.9.3",
  pg: "8.23.1",
  prisma: "7.10.1",
} as const satisfies Record<string, string>;

export type PinnedDependency = keyof typeof DEPENDENCY_VERSIONS;
