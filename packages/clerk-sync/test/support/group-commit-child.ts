/**
 * A web process killed on purpose (SIGKILL) right after a group commit, before any of the
 * group's requests is answered. The deliveries (signed by the test) arrive over IPC as one burst;
 * the moment the transaction that recorded them has committed, the process reports it and
 * never returns from that commit, so no 200 goes out.
 *
 * Settings come as JSON in CLERK_SYNC_CHILD: { provider, url, secret }.
 */
import { createClerkSync, silentLogger } from "../../src/index.js";
import type { SignedDelivery } from "../../src/samples/sign.js";
import { effectHandlers } from "./harness.js";
import { createPrisma, type Provider } from "./providers.js";

const settings = JSON.parse(process.env.CLERK_SYNC_CHILD ?? "{}") as {
  provider: Provider;
  url: string;
  secret: string;
};
const send = (message: unknown) => process.send?.(message);
const prisma = createPrisma(settings.provider, settings.url);

/** After a statement that inserted into the ledger has committed: report, then hang. */
const GROUP_INSERT = /^INSERT INTO clerk_webhook_events/;
let answered = 0;
const hangAfterCommit = async <T>(committed: Promise<T>, inserted: () => boolean): Promise<T> => {
  const result = await committed;
  if (!inserted()) return result;
  send({ committed: true, answered });
  return new Promise<T>(() => {});
};
type Raw = (sql: string, ...values: unknown[]) => Promise<unknown>;
const client = new Proxy(prisma, {
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver);
    if (key === "$queryRawUnsafe") {
      // PostgreSQL: the insert is one statement of its own, committed when it returns.
      return (sql: string, ...values: unknown[]) =>
        hangAfterCommit((value as Raw).call(target, sql, ...values), () => GROUP_INSERT.test(sql));
    }
    if (key === "$transaction") {
      // SQLite: the insert runs in a short transaction, committed when the transaction resolves.
      return (fn: (tx: unknown) => Promise<unknown>, options?: unknown) => {
        let inserted = false;
        const run = (tx: Record<string, unknown>) =>
          fn(
            new Proxy(tx, {
              get(t, k, r) {
                const v = Reflect.get(t, k, r);
                if (k !== "$queryRawUnsafe") return v;
                return (sql: string, ...values: unknown[]) => {
                  if (GROUP_INSERT.test(sql)) inserted = true;
                  return (v as Raw).call(t, sql, ...values);
                };
              },
            }),
          );
        return hangAfterCommit(
          (value as (f: typeof run, o?: unknown) => Promise<unknown>).call(target, run, options),
          () => inserted,
        );
      };
    }
    return typeof value === "function" ? value.bind(target) : value;
  },
});

const sync = createClerkSync({
  prisma: client,
  handlers: effectHandlers(),
  signingSecret: settings.secret,
  logger: silentLogger,
  sweeper: false,
});

process.once("message", (deliveries: SignedDelivery[]) => {
  for (const delivery of deliveries) {
    const request = new Request("http://localhost/api/webhooks", {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    void sync.handleRequest(request, { defer: () => {} }).then(() => {
      answered++;
    });
  }
});
send({ ready: true });
await new Promise(() => {});
