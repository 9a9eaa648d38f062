import net from "node:net";

export const PG_URL = process.env.DATABASE_URL_PG ?? "postgresql://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether a TCP service answers at this URL's host and port. */
export function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * In CI every service must be there; on a laptop without PostgreSQL or Redis, their suites are
 * skipped with a warning instead of failing.
 */
export function servicesRequired(): boolean {
  return Boolean(process.env.CI || process.env.CLERK_SYNC_REQUIRE_SERVICES);
}

/** A PostgreSQL URL for another database on the same server. */
export function pgDatabaseUrl(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
