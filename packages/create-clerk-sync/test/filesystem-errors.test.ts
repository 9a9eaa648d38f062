import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runCommand } from "./support/commands.js";
import { CLI } from "./support/scaffold.js";

// Each file-system error produced for real: a folder the user may not write to, a read-only
// file system, a full disk. The real CLI runs into it and must answer with its coded message,
// leaving nothing behind.

let work: string;
let log: string;
const isRoot = process.getuid?.() === 0;

beforeAll(() => {
  work = fs.mkdtempSync(
    path.join(os.tmpdir(), `create-fs-${process.env.CLERK_SYNC_TEST_PREFIX ?? "run"}-`),
  );
  log = path.join(work, "commands.log");
});

afterAll(() => {
  if (fs.existsSync(path.join(work, "locked"))) fs.chmodSync(path.join(work, "locked"), 0o755);
  fs.rmSync(work, { recursive: true, force: true });
});

const CREATE = [CLI, "app", "--yes", "--no-install", "--no-git"];

/**
 * The prefix that runs a command in a private mount namespace, where it may mount a small file
 * system of its own that nobody else sees and that goes away with it: as root, `unshare --mount`;
 * otherwise a user namespace that maps this user to root in it (where the kernel allows those).
 */
function privateMounts(): string[] | undefined {
  const candidates = [
    ...(isRoot ? [["unshare", "--mount", "--propagation", "private"]] : []),
    ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"],
  ];
  for (const prefix of candidates) {
    try {
      execFileSync(prefix[0] as string, [...prefix.slice(1), "true"], { stdio: "ignore" });
      return prefix;
    } catch {
      // Not allowed here: try the next.
    }
  }
  return undefined;
}

const mounts = privateMounts();
if (!mounts) {
  console.warn(
    "No private mount namespace here (neither root nor unprivileged user namespaces): the read-only and full-disk tests are skipped.",
  );
}

/**
 * Run the CLI in `disk` after mounting a tmpfs there with `mountOptions`, inside a private
 * mount namespace; returns its exit code, its output and what it left on the tmpfs.
 */
async function createOnTmpfs(name: string, mountOptions: string) {
  const disk = path.join(work, name);
  fs.mkdirSync(disk);
  const script = [
    `mount -t tmpfs -o ${mountOptions} tmpfs "$DISK" || exit 99`,
    'cd "$DISK"',
    '"$NODE" "$@"',
    'echo "exit=$?"',
    'echo "left=[$(ls -A "$DISK" | tr "\\n" " ")]"',
  ].join("\n");
  const result = await runCommand(
    (mounts as string[])[0] as string,
    [...(mounts as string[]).slice(1), "sh", "-c", script, "sh", ...CREATE],
    { cwd: work, env: cleanEnv({ DISK: disk, NODE: process.execPath }), log, timeoutMs: 120_000 },
  );
  expect(result.code, result.output).toBe(0);
  return {
    disk,
    exit: Number(/^exit=(\d+)$/m.exec(result.output)?.[1]),
    output: result.output,
    left: /^left=\[(.*)\]$/m.exec(result.output)?.[1]?.trim(),
  };
}

describe("file-system errors get a coded message and leave nothing", () => {
  it("EACCES: a folder the user may not write to", async () => {
    const locked = path.join(work, "locked");
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o555);
    // Root writes anywhere: drop the capabilities that let it (the folder's mode then applies).
    const [command, args] = isRoot
      ? [
          "setpriv",
          ["--bounding-set", "-dac_override,-dac_read_search", process.execPath, ...CREATE],
        ]
      : [process.execPath, CREATE];
    const result = await runCommand(command, args, { cwd: locked, env: cleanEnv(), log });
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain(`✖ Could not write ${locked}: permission denied (EACCES).`);
    expect(result.output).toContain("[PERMISSION_DENIED]");
    expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readdirSync(locked)).toEqual([]);
  }, 60_000);

  it.skipIf(!mounts)(
    "EROFS: a read-only file system",
    async () => {
      const result = await createOnTmpfs("read-only", "ro,size=4m");
      expect(result.exit, result.output).toBe(1);
      expect(result.output).toContain("the file system is read-only (EROFS).");
      expect(result.output).toContain("[READ_ONLY_FILESYSTEM]");
      expect(result.output).not.toMatch(/\n\s+at /);
      expect(result.left).toBe("");
    },
    120_000,
  );

  it.skipIf(!mounts)(
    "ENOSPC: the disk fills up halfway through the repo",
    async () => {
      // The repo takes about 1 MB: 400 KB fills up while it is being written.
      const result = await createOnTmpfs("full", "size=400k");
      expect(result.exit, result.output).toBe(1);
      expect(result.output).toContain("no space left on the device (ENOSPC).");
      // It names the file it was writing as the repo would have had it (not the staging folder).
      expect(result.output).toContain(`✖ Could not write ${path.join(result.disk, "app")}`);
      expect(result.output).toContain("[NO_SPACE]");
      expect(result.output).not.toMatch(/\n\s+at /);
      // It got far enough to write something before the disk was full …
      expect(result.output).toContain("Creating the Next.js app");
      // … and took all of it back.
      expect(result.left).toBe("");
    },
    120_000,
  );
});
