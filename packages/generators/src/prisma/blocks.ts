/** One top-level block of a Prisma schema, with the comment lines right above it. */
export interface SchemaBlock {
  kind: "model" | "enum" | "type" | "view" | "generator" | "datasource";
  name: string;
  /** The block's text, from its leading comments to its closing brace. */
  text: string;
  /** `key = value` lines of a generator or datasource block (values unquoted). */
  settings: Record<string, string>;
  /** Index of the block's first line (its first comment line) in the schema's lines. */
  startLine: number;
}

const BLOCK_START = /^(model|enum|type|view|generator|datasource)\s+(\w+)\s*\{/;

/**
 * The top-level blocks of a Prisma schema. Braces inside strings and comments don't count, so
 * `@default("{}")` does not end a model.
 *
 * @example parseSchemaBlocks("model A {\n  id String @id\n}").map((b) => b.name) // ["A"]
 */
export function parseSchemaBlocks(schema: string): SchemaBlock[] {
  const lines = schema.split(/\r?\n/);
  const blocks: SchemaBlock[] = [];
  let comments: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const startLine = i - comments.length;
    const line = lines[i] as string;
    const start = BLOCK_START.exec(line);
    if (!start) {
      comments = line.trim().startsWith("//") ? [...comments, line] : [];
      continue;
    }
    const body: string[] = [line];
    let depth = braceDelta(line);
    while (depth > 0 && i + 1 < lines.length) {
      i++;
      const next = lines[i] as string;
      body.push(next);
      depth += braceDelta(next);
    }
    blocks.push({
      kind: start[1] as SchemaBlock["kind"],
      name: start[2] as string,
      text: [...comments, ...body].join("\n"),
      settings: readSettings(body),
      startLine,
    });
    comments = [];
  }
  return blocks;
}

function braceDelta(line: string): number {
  let delta = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "/" && line[i + 1] === "/") break;
    else if (c === "{") delta++;
    else if (c === "}") delta--;
  }
  return delta;
}

function readSettings(body: string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of body.slice(1)) {
    const setting = /^\s*(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s/]+)/.exec(line);
    if (setting) settings[setting[1] as string] = (setting[2] as string).replace(/^"(.*)"$/, "$1");
  }
  return settings;
}

/** `model User` and `enum Role` are different blocks even with one name: key by both. */
export function blockKey(block: Pick<SchemaBlock, "kind" | "name">): string {
  return `${block.kind} ${block.name}`;
}

/**
 * The blocks of `fragments` that `schema` lacks (by kind and name), in fragment order: what
 * adding the kit's models to an existing schema appends.
 */
export function missingBlocks(schema: string, fragments: readonly string[]): SchemaBlock[] {
  const present = new Set(parseSchemaBlocks(schema).map(blockKey));
  const missing: SchemaBlock[] = [];
  for (const fragment of fragments) {
    for (const block of parseSchemaBlocks(fragment)) {
      if (present.has(blockKey(block))) continue;
      present.add(blockKey(block));
      missing.push(block);
    }
  }
  return missing;
}

/**
 * Add `blocks` to `schema`, each before the first block of `schema` that `rank` puts after it
 * (blocks it does not rank stay where they are), else at the end: the kit's models keep the
 * catalog's order however many runs added them.
 */
export function insertBlocks(
  schema: string,
  blocks: readonly SchemaBlock[],
  rank: (key: string) => number | undefined,
): string {
  let text = schema.trimEnd();
  for (const block of blocks) {
    const own = rank(blockKey(block)) ?? Number.POSITIVE_INFINITY;
    const next = parseSchemaBlocks(text).find((b) => (rank(blockKey(b)) ?? -1) > own);
    if (!next) {
      text = text ? `${text}\n\n${block.text}` : block.text;
      continue;
    }
    const lines = text.split("\n");
    lines.splice(next.startLine, 0, ...block.text.split("\n"), "");
    text = lines.join("\n");
  }
  return `${text}\n`;
}

/** The model names a fragment declares (for docs: "synced into ClerkUser"). */
export function modelNames(fragment: string): string[] {
  return parseSchemaBlocks(fragment)
    .filter((b) => b.kind === "model")
    .map((b) => b.name);
}
