import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "create-interrupts-unit-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Run `body` in a process of its own that listens for interrupts the way the CLI does, with
 * `staging` a Staging for `<tmp>/<name>/app` and `interrupts` the listener; resolves with its exit
 * code, its stderr and what is left in `<tmp>/<name>`.
 */
function runWithInterrupts(name: string, body: string) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  const script = path.join(tmp, `${name}.ts`);
  fs.writeFileSync(
    script,
    `import fs from "node:fs";
import { Interrupts } from ${JSON.stringify(source("./interrupts.ts"))};
import { Staging } from ${JSON.stringify(source("./scaffold/staging.ts"))};
const interrupts = new Interrupts();
interrupts.listen();
const staging = Staging.open(${JSON.stringify(path.join(dir, "app"))});
fs.writeFileSync(staging.dir + "/README.md", "half a repo");
${body}
`,
  );
  return new Promise<{ code: number | null; stderr: string; left: string[] }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stderr, left: fs.readdirSync(dir) }));
  });
}

describe("interrupts", () => {
  it("a library's process.exit(0) while writing still removes the staging folder, exit 130", async () => {
    // What @clack/core's block() does on Ctrl-C in raw mode.
    const result = await runWithInterrupts(
      "exit-while-writing",
      "interrupts.writing(staging);\nprocess.exit(0);",
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("Interrupted while writing the repo: nothing was written");
    expect(result.left).toEqual([]);
  }, 30_000);

  it("SIGTERM once the repo is complete keeps it and prints the command that finishes", async () => {
    const result = await runWithInterrupts(
      "term-while-installing",
      `staging.commit();
interrupts.finishing("installing dependencies", staging.target, "cd app && pnpm install");
process.kill(process.pid, "SIGTERM");
setInterval(() => {}, 1000);`,
    );
    expect(result.code).toBe(143);
    expect(result.stderr).toContain(
      "Interrupted while installing dependencies. The repo is complete in",
    );
    expect(result.stderr).toContain("to finish:\n  cd app && pnpm install");
    expect(result.left).toEqual(["app"]);
  }, 30_000);

  it("a normal exit after the run leaves everything as it is", async () => {
    const result = await runWithInterrupts(
      "done",
      "staging.commit();\ninterrupts.done();\nprocess.exit(0);",
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.left).toEqual(["app"]);
  }, 30_000);
});
