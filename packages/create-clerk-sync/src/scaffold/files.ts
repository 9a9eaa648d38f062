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

/** JSON as the repo's formatter writes it: two spaces, a final newline. */
export function writeJson(file: string, value: unknown): void {
  writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** The same keys, sorted, as package managers keep dependency maps. */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
