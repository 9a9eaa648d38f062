/** The line width the templates and every edit lay code out for (Biome's, in this repo). */
export const LINE_WIDTH = 100;

/**
 * An array literal laid out as the formatter would: on one line when the whole statement fits,
 * else one element per line with a trailing comma.
 *
 * @example
 * formatList("export const hooks = [", ["userHooks"], "];") // "export const hooks = [userHooks];"
 */
export function formatList(
  head: string,
  items: readonly string[],
  tail: string,
  options: { indent?: string; width?: number } = {},
): string {
  const indent = options.indent ?? "";
  const oneLine = `${indent}${head}${items.join(", ")}${tail}`;
  if (oneLine.length <= (options.width ?? LINE_WIDTH) || items.length === 0) return oneLine;
  const inner = items.map((item) => `${indent}  ${item},`).join("\n");
  return `${indent}${head}\n${inner}\n${indent}${tail}`;
}

/** Prose in comments wraps before the line width, not at it, as the repo's hand-written docs do. */
const PROSE_WIDTH = LINE_WIDTH - 1;

/**
 * A JSDoc block whose text is wrapped to the prose width.
 *
 * @example
 * docComment("Routes anyone may call.") // "/** Routes anyone may call. *\/"
 */
export function docComment(
  text: string,
  options: { indent?: string; width?: number } = {},
): string {
  const indent = options.indent ?? "";
  const width = options.width ?? PROSE_WIDTH;
  const single = `${indent}/** ${text} */`;
  if (single.length <= width) return single;
  const prefix = `${indent} * `;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return [`${indent}/**`, ...lines.map((l) => `${prefix}${l}`), `${indent} */`].join("\n");
}

/** "a", "a and b", "a, b and c". */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
