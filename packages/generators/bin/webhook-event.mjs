#!/usr/bin/env node
// `webhook-event`: the generator's own command. It runs the TypeScript sources through jiti,
// which keeps what it transpiles in a cache: no build step, and no loader thread (tsx) to start.
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url, { fsCache: true, moduleCache: true });
const { main } = await jiti.import(new URL("../src/cli/main.ts", import.meta.url).href);
// Through `pnpm webhook-event`, paths are relative to where the user typed it (INIT_CWD).
const viaScript = process.env.npm_lifecycle_event === "webhook-event" && process.env.INIT_CWD;
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: viaScript || process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
