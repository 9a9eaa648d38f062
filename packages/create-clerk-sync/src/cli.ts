#!/usr/bin/env node
import { main } from "./main.js";

// Ctrl-C while the repo is being written: main() takes back what was written; then stop.
const interrupted = new AbortController();
process.once("SIGINT", () => {
  interrupted.abort();
  console.error("\nInterrupted.");
  process.exit(130);
});

process.exitCode = await main(process.argv.slice(2), interrupted.signal);
process.removeAllListeners("SIGINT");
