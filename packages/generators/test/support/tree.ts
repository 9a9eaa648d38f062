import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FIXTURES_DIR } from "./paths";

export type Fixture = "next16-app" | "next16-src" | "next15-middleware" | "public-routes";
export const FIXTURES: Fixture[] = [
  "next16-app",
  "next16-src",
  "next15-middleware",
  "public-routes",
];

const IGNORED = new Set(["node_modules", ".next", "generated"]);

/** A fresh copy of a fixture app in its own temp directory (outside any workspace). */
export function copyFixture(fixture: Fixture): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gen-${fixture}-`));
  const app = path.join(dir, fixture);
  fs.cpSync(path.join(FIXTURES_DIR, fixture), app, { recursive: true });
  return app;
}

/** Every file under `dir` (relative path → text), build output and dependencies aside. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (IGNORED.has(entry.name)) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(path.relative(dir, full), fs.readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** The paths whose content differs between two trees (added, removed or changed). */
export function diffTrees(a: Map<string, string>, b: Map<string, string>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => a.get(p) !== b.get(p)).sort();
}
