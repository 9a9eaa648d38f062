import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, waitFor } from "./support/commands.js";
import { CLI } from "./support/scaffold.js";
import { KEYS, Terminal } from "./support/terminal.js";

// Every interrupt, through the real prompts in a real pseudo-terminal: Ctrl-C is typed, and the
// terminal driver turns it into SIGINT (or a key, in raw mode) as a person's terminal would.

let work: string;
let log: string;

beforeAll(() => {
  work = fs.mkdtempSync(
    path.join(os.tmpdir(), `create-interrupts-${process.env.CLERK_SYNC_TEST_PREFIX ?? "run"}-`),
  );
  log = path.join(work, "terminal.log");
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A folder to run in, and the environment of a person at a terminal (no CI variable). */
function place(name: string, extra: NodeJS.ProcessEnv = {}) {
  const cwd = path.join(work, name);
  fs.mkdirSync(cwd);
  const env = cleanEnv(extra);
  delete env.CI;
  return { cwd, env };
}

/**
 * A `git` that holds the run in the middle of writing the repo: `git config user.name` (asked
 * for the LICENSE while the kit is being copied) marks a file and waits until it is killed;
 * anything else goes to the real git. The interrupt then lands while the repo is half written,
 * every time, however fast the machine.
 */
function holdingGit(dir: string): { env: NodeJS.ProcessEnv; held: string } {
  const bin = path.join(dir, "bin");
  const held = path.join(dir, "held");
  fs.mkdirSync(bin, { recursive: true });
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  fs.writeFileSync(
    path.join(bin, "git"),
    `#!/bin/sh\nif [ "$1" = config ]; then touch "${held}"; exec sleep 600; fi\nexec "${realGit}" "$@"\n`,
    { mode: 0o755 },
  );
  return { env: { PATH: `${bin}:${process.env.PATH}` }, held };
}

/** Answer the prompts for the folder, groups, database and queue with `directory` and Enter. */
async function answerPrompts(term: Terminal, directory: string): Promise<void> {
  await term.answer("Where should the new repo go?", `${directory}${KEYS.enter}`);
  await term.answer("Which Clerk event groups should it sync?", KEYS.enter);
  await term.answer("Which database?", KEYS.enter);
  await term.answer("Where should events be processed?", KEYS.enter);
}

describe("Ctrl-C", () => {
  it("at a prompt: nothing is written, it says so, exit 130", async () => {
    const { cwd, env } = place("at-a-prompt");
    const term = Terminal.start(process.execPath, [CLI, "--no-install", "--no-git"], {
      cwd,
      env,
      log,
    });
    await term.answer("Where should the new repo go?", `app${KEYS.enter}`);
    await term.waitFor("Which Clerk event groups should it sync?");
    term.type(KEYS.ctrlC);
    expect(await term.exit).toBe(130);
    expect(term.text).toContain("Cancelled: nothing was written.");
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 60_000);

  it("while the interactive run writes the repo: nothing is left, it says so, exit 130", async () => {
    const { cwd, env } = place("interactive-writing");
    const hold = holdingGit(path.join(work, "interactive-writing-tools"));
    const term = Terminal.start(process.execPath, [CLI, "--no-install", "--no-git"], {
      cwd,
      env: { ...env, ...hold.env },
      log,
    });
    await answerPrompts(term, "app");
    await term.waitFor("Copying the library and the generators");
    await waitFor(
      "the run to be mid-write",
      async () => fs.existsSync(hold.held) || undefined,
      60_000,
    );
    // Half a repo is on disk now (the Next.js app, part of the kit), in the staging folder.
    expect(fs.readdirSync(cwd).some((entry) => entry.startsWith(".app.creating-"))).toBe(true);
    term.type(KEYS.ctrlC);
    expect(await term.exit).toBe(130);
    expect(term.text).toContain("Interrupted while writing the repo: nothing was written");
    expect(term.text).not.toContain("Created app");
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 120_000);

  it("while --yes writes the repo: nothing is left, it says so, exit 130", async () => {
    const { cwd, env } = place("yes-writing");
    const hold = holdingGit(path.join(work, "yes-writing-tools"));
    const term = Terminal.start(
      process.execPath,
      [CLI, "app", "--yes", "--no-install", "--no-git"],
      { cwd, env: { ...env, ...hold.env }, log },
    );
    await term.waitFor("Copying the library and the generators");
    await waitFor(
      "the run to be mid-write",
      async () => fs.existsSync(hold.held) || undefined,
      60_000,
    );
    term.type(KEYS.ctrlC);
    expect(await term.exit).toBe(130);
    expect(term.text).toContain("Interrupted while writing the repo: nothing was written");
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 120_000);

  it("while installing: the complete repo stays, with the command that finishes, exit 130", async () => {
    // A registry that takes every request and never answers: pnpm install is still resolving
    // when Ctrl-C comes, whatever the machine's speed.
    const requests: string[] = [];
    const registry = http.createServer((request) => {
      requests.push(request.url ?? "");
    });
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    const { port } = registry.address() as AddressInfo;
    const pnpmHome = path.join(work, "installing-pnpm");
    const { cwd, env } = place("installing", {
      // pnpm 12 reads its settings from pnpm_config_* (npm_config_* no longer).
      pnpm_config_registry: `http://127.0.0.1:${port}/`,
      pnpm_config_store_dir: path.join(pnpmHome, "store"),
      XDG_CACHE_HOME: path.join(pnpmHome, "cache"),
    });
    try {
      const term = Terminal.start(process.execPath, [CLI, "--no-git"], { cwd, env, log });
      await answerPrompts(term, "app");
      await term.answer("Install dependencies now (pnpm install)?", KEYS.enter);
      await term.waitFor("Installing dependencies (pnpm install)");
      await waitFor(
        "pnpm to ask the registry",
        async () => requests.length > 0 || undefined,
        60_000,
      );
      term.type(KEYS.ctrlC);
      expect(await term.exit).toBe(130);
      expect(term.text).toContain("Interrupted while installing dependencies.");
      expect(term.text).toContain("to finish:");
      expect(term.text).toContain("cd app && pnpm install");
      // The repo is complete: the last files written, and nothing half-made beside it.
      const root = path.join(cwd, "app");
      expect(fs.readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8")).toContain("catalog:");
      for (const file of [
        "README.md",
        "apps/web/README.md",
        "apps/web/src/app/page.tsx",
        "LICENSE",
      ]) {
        expect(fs.existsSync(path.join(root, file)), file).toBe(true);
      }
      expect(fs.readdirSync(cwd)).toEqual(["app"]);
    } finally {
      registry.closeAllConnections();
      await new Promise((resolve) => registry.close(resolve));
    }
  }, 180_000);
});
