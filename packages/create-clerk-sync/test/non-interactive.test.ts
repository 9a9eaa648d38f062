import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "./support/commands.js";
import { CLI } from "./support/scaffold.js";
import { Terminal } from "./support/terminal.js";

// "CI and non-interactive terminals never prompt": each run below would wait forever at the
// first prompt (nobody answers), so finishing at all shows it asked nothing.

const PROMPTS = [
  "Where should the new repo go?",
  "Which Clerk event groups should it sync?",
  "Which database?",
  "Where should events be processed?",
];

let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(
    path.join(
      os.tmpdir(),
      `create-non-interactive-${process.env.CLERK_SYNC_TEST_PREFIX ?? "run"}-`,
    ),
  );
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function place(name: string) {
  const cwd = path.join(work, name);
  fs.mkdirSync(cwd);
  const env = cleanEnv();
  delete env.CI;
  return { cwd, env };
}

function expectScaffoldedWithDefaults(cwd: string, output: string) {
  for (const prompt of PROMPTS) expect(output).not.toContain(prompt);
  expect(fs.existsSync(path.join(cwd, "app", "apps", "web", "src", "webhooks", "index.ts"))).toBe(
    true,
  );
}

describe("never prompts", () => {
  it("with CI set, even in a terminal", async () => {
    const { cwd, env } = place("ci-in-a-terminal");
    const term = Terminal.start(process.execPath, [CLI, "app", "--no-install", "--no-git"], {
      cwd,
      env: { ...env, CI: "1" },
    });
    expect(await term.exit).toBe(0);
    expectScaffoldedWithDefaults(cwd, term.text);
  }, 120_000);

  it("without a terminal (pipes), with CI unset", async () => {
    const { cwd, env } = place("pipes");
    const child = spawn(process.execPath, [CLI, "app", "--no-install", "--no-git"], {
      cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
    expect(code, output).toBe(0);
    expectScaffoldedWithDefaults(cwd, output);
  }, 120_000);
});
