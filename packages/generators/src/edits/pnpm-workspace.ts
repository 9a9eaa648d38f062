/**
 * Add entries to the top-level `allowBuilds:` map of a pnpm-workspace.yaml, each only when the
 * package is not listed yet (an existing `false` is the user's decision and stays). pnpm 10+
 * refuses to install while a dependency's build script is neither allowed nor denied, so the
 * drivers the generator adds must be listed.
 *
 * @example
 * allowBuilds("allowBuilds:\n  sharp: false\n", { "better-sqlite3": true }).content
 * // "allowBuilds:\n  sharp: false\n  better-sqlite3: true\n"
 */
export function allowBuilds(
  text: string,
  wanted: Readonly<Record<string, boolean>>,
): { content: string; added: string[] } {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^allowBuilds:\s*(#.*)?$/.test(line));
  const listed = new Set<string>();
  let end = start + 1;
  if (start !== -1) {
    for (; end < lines.length; end++) {
      const line = lines[end] as string;
      if (/^\S/.test(line)) break;
      const key = /^\s+["']?([^"':\s]+)["']?\s*:/.exec(line)?.[1];
      if (key) listed.add(key);
    }
    // Keep blank lines that separate the block from the next one outside it.
    while (end > start + 1 && (lines[end - 1] as string).trim() === "") end--;
  }
  const added = Object.keys(wanted).filter((name) => !listed.has(name));
  if (added.length === 0) return { content: text, added };
  const entries = added.map(
    (name) => `  ${/^[\w-]+$/.test(name) ? name : `"${name}"`}: ${wanted[name]}`,
  );
  if (start === -1) {
    const base = text.length === 0 || text.endsWith("\n") ? text : `${text}\n`;
    const gap = base.trim() ? "\n" : "";
    return { content: `${base}${gap}allowBuilds:\n${entries.join("\n")}\n`, added };
  }
  lines.splice(end, 0, ...entries);
  return { content: lines.join("\n"), added };
}
