/**
 * A unified diff of two texts (`diff -u` style, 3 lines of context), as `--dryRun` prints each
 * edit: `--- a/<file>` / `+++ b/<file>` and `@@ -l,n +l,n @@` hunks. A created file diffs
 * against /dev/null.
 *
 * @example unifiedDiff("proxy.ts", "a\n", "a\nb\n") // "--- a/proxy.ts\n+++ b/proxy.ts\n@@ -1 +1,2 @@\n a\n+b\n"
 */
export function unifiedDiff(
  file: string,
  before: string | null,
  after: string,
  context = 3,
): string {
  const a = splitLines(before ?? "");
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const header = [before === null ? "--- /dev/null" : `--- a/${file}`, `+++ b/${file}`];
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind === " ") {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` after the last change that
    // is at most 2 * context lines further on.
    const start = Math.max(0, i - context);
    let end = i;
    for (let j = i; j < ops.length; j++) {
      if (ops[j]?.kind !== " ") end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const slice = ops.slice(start, stop);
    const first = ops[start] as Op;
    const oldCount = slice.filter((o) => o.kind !== "+").length;
    const newCount = slice.filter((o) => o.kind !== "-").length;
    const range = (line: number, count: number) =>
      count === 1 ? `${line}` : `${count === 0 ? line - 1 : line},${count}`;
    hunks.push(
      `@@ -${range(first.oldLine, oldCount)} +${range(first.newLine, newCount)} @@`,
      ...slice.map((o) => `${o.kind}${o.text}`),
    );
    i = stop;
  }
  if (hunks.length === 0) return "";
  return `${[...header, ...hunks].join("\n")}\n`;
}

interface Op {
  kind: " " | "-" | "+";
  text: string;
  /** 1-based line numbers where this op sits in the old and the new text. */
  oldLine: number;
  newLine: number;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Line operations turning `a` into `b`: common prefix and suffix, then an LCS of the middle. */
function diffLines(a: string[], b: string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
  const lcs = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
  for (let i = midA.length - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = midB.length - 1; j >= 0; j--) {
      row[j] =
        midA[i] === midB[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const kinds: { kind: Op["kind"]; text: string }[] = a
    .slice(0, prefix)
    .map((text) => ({ kind: " " as const, text }));
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      kinds.push({ kind: " ", text: midA[i] as string });
      i++;
      j++;
    } else if (
      i < midA.length &&
      (j >= midB.length || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))
    ) {
      // Deletions first, as diff -u prints a changed line.
      kinds.push({ kind: "-", text: midA[i] as string });
      i++;
    } else {
      kinds.push({ kind: "+", text: midB[j] as string });
      j++;
    }
  }
  kinds.push(...a.slice(a.length - suffix).map((text) => ({ kind: " " as const, text })));
  let oldLine = 1;
  let newLine = 1;
  return kinds.map(({ kind, text }) => {
    const op = { kind, text, oldLine, newLine };
    if (kind !== "+") oldLine++;
    if (kind !== "-") newLine++;
    return op;
  });
}
