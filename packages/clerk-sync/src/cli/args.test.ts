import { describe, expect, it } from "vitest";
import { runCli } from "./run.js";

/** The commands that take options only: a stray word is refused before anything loads or runs. */
const NO_ARGUMENTS = ["worker", "sweep", "prune", "doctor", "backfill", "reconcile", "fake-api"];

describe("commands that take no arguments", () => {
  it.each(NO_ARGUMENTS)("%s refuses a stray argument with exit 2, naming it", async (command) => {
    const err: string[] = [];
    const code = await runCli([command, "stray"], {
      out: () => {},
      err: (line) => err.push(line),
      env: {},
      cwd: "/nonexistent",
      onStop: () => () => {},
    });
    expect(code).toBe(2);
    expect(err[0]).toBe(`clerk-sync: ${command} takes no arguments, got "stray".`);
    expect(err[1]?.trim().length).toBeGreaterThan(0);
  });
});
