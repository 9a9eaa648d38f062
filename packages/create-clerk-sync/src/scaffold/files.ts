import fs from "node:fs";
import path from "node:path";

export type PackageJson = {
  name?: string;
  private?: boolean;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
};

export const DEPENDENCY_FIELDS = ["dependencies", "devDependencies"] as const;

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/**
 * JSON as the repo's formatter (Biome) writes it: two spaces, a final newline; objects one key a
 * line; arrays on one line where they fit in 100 columns, except in package.json, which Biome
 * keeps expanded as npm writes it.
 */
export function writeJson(file: string, value: unknown): void {
  const text =
    path.basename(file) === "package.json"
      ? JSON.stringify(value, null, 2)
      : formatJson(value, 0, 0);
  writeFile(file, `${text}\n`);
}

/** `value` at `indent` spaces, `used` columns already taken on its first line by its key. */
function formatJson(value: unknown, indent: number, used: number): string {
  const pad = " ".repeat(indent + 2);
  if (Array.isArray(value)) {
    const inline = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    const primitive = value.every((item) => item === null || typeof item !== "object");
    if (value.length === 0 || (primitive && used + inline.length + 1 <= 100)) return inline;
    const items = value.map((item) => `${pad}${formatJson(item, indent + 2, indent + 2)}`);
    return `[\n${items.join(",\n")}\n${" ".repeat(indent)}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([key, item]) => {
      const head = `${pad}${JSON.stringify(key)}: `;
      return `${head}${formatJson(item, indent + 2, head.length)}`;
    });
    return `{\n${lines.join(",\n")}\n${" ".repeat(indent)}}`;
  }
  return JSON.stringify(value);
}

export function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** The same keys, sorted, as package managers keep dependency maps. */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
