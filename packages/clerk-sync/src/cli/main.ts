#!/usr/bin/env node
import { runCli } from "./run.js";

/** The `clerk-sync` bin: the one place the process is read from and exited. */
const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  ...(process.stderr.isTTY
    ? { status: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) }
    : {}),
  onStop(listener) {
    const signals = ["SIGINT", "SIGTERM"] as const;
    for (const signal of signals) process.on(signal, listener);
    return () => {
      for (const signal of signals) process.off(signal, listener);
    };
  },
});
// Open handles (the app's database pool, Redis) must not keep a finished command alive.
process.exit(code);
