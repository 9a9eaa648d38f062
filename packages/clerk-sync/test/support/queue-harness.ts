import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { Redis } from "ioredis";
import { defineHandlers, type Logger } from "../../src/index.js";
import { type BullmqQueueOptions, bullmqQueue } from "../../src/queue/index.js";
import type { TestTx } from "./harness.js";
import { type Provider, RUN_PREFIX, type TestPrisma } from "./providers.js";
import { REDIS_URL } from "./services.js";

/** Every Redis key this run creates starts with it (e.g. `queue_bull:<queue>:…`). */
export const REDIS_PREFIX = `${RUN_PREFIX}_bull`;

let queues = 0;

/** A queue name no other test, worker or concurrent run uses. */
export function testQueueName(label: string): string {
  const worker = process.env.VITEST_POOL_ID ?? "0";
  return `${label}-${worker}-${++queues}-${randomUUID().slice(0, 8)}`;
}

/** A BullMQ queue on the test Redis, under this run's prefix and a fresh name. */
export function testBullmqQueue(label: string, options: BullmqQueueOptions = {}) {
  return bullmqQueue({
    connection: REDIS_URL,
    prefix: REDIS_PREFIX,
    queueName: testQueueName(label),
    logger: quietLogger,
    ...options,
  });
}

/** Delete every key of a test queue (whatever database fingerprint follows its name). */
export async function removeQueue(queueName: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const stream = redis.scanStream({ match: `${REDIS_PREFIX}:${queueName}*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** Logs only what a test should see when it fails: errors from the queue itself. */
const quietLogger: Logger = { info() {}, warn() {}, error() {} };

export interface LogEntry {
  level: "info" | "warn" | "error";
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, for assertions on what the kit recorded. */
export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry["level"]) => (message: string, fields?: Record<string, unknown>) =>
    entries.push({ level, message, fields: fields ?? {} });
  return { logger: { info: at("info"), warn: at("warn"), error: at("error") }, entries };
}

/** The retries the processor scheduled, as it logged them. */
export function scheduledRetries(entries: LogEntry[], id: string) {
  return entries
    .filter((e) => e.fields.id === id && typeof e.fields.delayMs === "number")
    .map((e) => ({
      attempt: e.fields.attempt as number,
      delayMs: e.fields.delayMs as number,
      retryAt: new Date(e.fields.retryAt as string).getTime(),
    }));
}

/** A handler map that notes when each attempt of each user event started. */
export function attemptClock() {
  const starts = new Map<string, { attempt: number; at: number }[]>();
  const note = ({ eventId, attempt }: { eventId: string; attempt: number }) => {
    starts.set(eventId, [...(starts.get(eventId) ?? []), { attempt, at: Date.now() }]);
  };
  return {
    starts,
    handlers: defineHandlers<TestTx>({ "user.created": note, "user.updated": note }),
  };
}

/**
 * SQLite shared by several processes: WAL lets readers and one writer work at once (the setting
 * is kept in the database file), and the adapter's busy timeout makes writers wait their turn.
 * `synchronous = NORMAL` (this connection only) is WAL's usual companion: commits stop waiting
 * for the disk, and the database stays consistent.
 */
export async function useWal(prisma: TestPrisma, provider: Provider): Promise<void> {
  if (provider !== "sqlite") return;
  const [row] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>(
    "PRAGMA journal_mode = WAL",
  );
  if (row?.journal_mode !== "wal") throw new Error(`WAL not enabled: ${JSON.stringify(row)}`);
  await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
}

const require = createRequire(import.meta.url);
const JITI_CLI = path.join(path.dirname(require.resolve("jiti/package.json")), "lib/jiti-cli.mjs");

/** Run a TypeScript file in a child Node process (with an IPC channel), as the CLI's bin would. */
export function forkTs(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): ChildProcess & { output: () => string } {
  const child = fork(JITI_CLI, [file, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  return Object.assign(child, { output: () => output });
}

/** The next IPC message from a child that matches, or the child's output if it exits first. */
export function nextMessage<T>(
  child: ChildProcess & { output: () => string },
  match: (message: T) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`no message within ${timeoutMs} ms:\n${child.output()}`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      if (!match(message as T)) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`child exited (${code ?? signal}) before the message:\n${child.output()}`));
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Resolves with the child's exit code (or signal) once it has exited. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
