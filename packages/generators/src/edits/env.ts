const KEY_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** The keys a dotenv file defines. */
export function envKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = KEY_LINE.exec(line);
    if (match) keys.add(match[1] as string);
  }
  return keys;
}

/**
 * Add the entries of `template` (dotenv text: paragraphs of comments and `KEY=value` lines) whose
 * keys `existing` lacks — and `definedElsewhere` too, for `.env` beside `.env.local`. A paragraph
 * keeps its comments when any of its keys is added. Existing lines are never touched.
 *
 * @example
 * mergeEnv("A=1\n", "# a\nA=\n\n# b\nB=2\n").content // "A=1\n\n# b\nB=2\n"
 */
export function mergeEnv(
  existing: string | null,
  template: string,
  definedElsewhere: ReadonlySet<string> = new Set(),
): { content: string; added: string[] } {
  const present = new Set([...envKeys(existing ?? ""), ...definedElsewhere]);
  const added: string[] = [];
  const paragraphs: string[] = [];
  for (const paragraph of template.trim().split(/\n\s*\n/)) {
    const lines = paragraph.split("\n");
    const missing = lines.filter((line) => {
      const key = KEY_LINE.exec(line)?.[1];
      return key !== undefined && !present.has(key);
    });
    if (missing.length === 0) continue;
    for (const line of missing) added.push(KEY_LINE.exec(line)?.[1] as string);
    paragraphs.push(
      lines.filter((line) => line.trim().startsWith("#") || missing.includes(line)).join("\n"),
    );
  }
  if (added.length === 0) return { content: existing ?? "", added };
  const body = `${paragraphs.join("\n\n")}\n`;
  if (!existing?.trim()) return { content: body, added };
  const separator = existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
  return { content: `${existing}${separator}${body}`, added };
}

/**
 * A database URL as it may appear in a committed file: the password replaced by a placeholder.
 * URLs without a password (SQLite files, local trust auth) are unchanged.
 *
 * @example withoutPassword("postgresql://app:s3cret@db:5432/app") // "postgresql://app:<password>@db:5432/app"
 */
export function withoutPassword(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):([^@/?#]*)@/i.exec(url);
  if (!match || match[2] === "") return url;
  return `${match[1]}:<password>@${url.slice(match[0].length)}`;
}
