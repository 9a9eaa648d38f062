import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./diff";

/** What `git apply` makes of `before` with the diff applied: a real tool reads our format. */
function applyWithPatch(before: string, diff: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-diff-"));
  try {
    fs.writeFileSync(path.join(dir, "file.ts"), before);
    execFileSync("git", ["apply", "-p1", "-"], { cwd: dir, input: diff });
    return fs.readFileSync(path.join(dir, "file.ts"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("unifiedDiff", () => {
  const before = `${Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n")}\n`;

  it("prints hunks with 3 lines of context that git apply applies", () => {
    const after = before
      .replace("line 2\n", "line 2\ninserted\n")
      .replace("line 20\n", "")
      .replace("line 28", "changed 28");
    const diff = unifiedDiff("file.ts", before, after);
    expect(diff.startsWith("--- a/file.ts\n+++ b/file.ts\n@@ -1,5 +1,6 @@\n")).toBe(true);
    expect(diff).toContain("+inserted\n");
    expect(diff).toContain("-line 20\n");
    expect(diff).toContain("-line 28\n+changed 28\n");
    expect(applyWithPatch(before, diff)).toBe(after);
  });

  it("diffs a new file against /dev/null, and nothing for no change", () => {
    expect(unifiedDiff("new.ts", null, "a\nb\n")).toBe(
      "--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1,2 @@\n+a\n+b\n",
    );
    expect(unifiedDiff("same.ts", before, before)).toBe("");
  });
});
