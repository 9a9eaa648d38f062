import type { NextConfig } from "next";

/**
 * The ingest benchmark builds the app with CLERK_SYNC_BENCH=1: then, and only then, files named
 * `*.bench.ts` are routes (its verify-only ceiling, src/app/api/bench/verify-only/route.bench.ts),
 * and the build goes to a folder of its own, so it never stands in for the production build.
 */
export const BENCH_DIST_DIR = ".next-bench";
const bench = process.env.CLERK_SYNC_BENCH === "1";

const nextConfig: NextConfig = {
  // Native SQLite driver: loaded from node_modules at run time, never bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  ...(bench
    ? { pageExtensions: ["bench.ts", "tsx", "ts", "jsx", "js"], distDir: BENCH_DIST_DIR }
    : {}),
};

export default nextConfig;
