import fs from "node:fs";
import path from "node:path";

/** A package version the generator read, and where it read it. */
export interface DetectedVersion {
  /** `14.2.35`; for a range only, its lowest version (`^15.1.0` → `15.1.0`). */
  version: string;
  major: number;
  minor: number;
  source: "node_modules" | "lockfile" | "package.json";
}

export interface VersionSources {
  /** The app directory. */
  dir: string;
  /** The range the app's package.json gives (`catalog:` already resolved), if any. */
  range: string | undefined;
  /** The pnpm workspace root above the app, whose lockfile may hold the app's importer. */
  workspaceRoot: string | null;
}

/**
 * The version of `name` the app runs: the installed one (`node_modules`, up to the workspace
 * root), else the one its lockfile pins (npm, pnpm, yarn, bun), else the lowest version its
 * package.json range admits. Undefined when the app does not depend on it at all.
 *
 * @example detectVersion("next", { dir: "apps/web", range: "^16.0.0", workspaceRoot: null })
 */
export function detectVersion(name: string, sources: VersionSources): DetectedVersion | undefined {
  if (sources.range === undefined) return undefined;
  for (let dir = sources.dir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "node_modules", name, "package.json");
    if (fs.existsSync(manifest)) {
      const { version } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: string };
      const parsed = version ? parseVersion(version, "node_modules") : undefined;
      if (parsed) return parsed;
    }
    if (dir === (sources.workspaceRoot ?? sources.dir) || path.dirname(dir) === dir) break;
  }
  const locked = lockedVersion(name, sources);
  if (locked) return parseVersion(locked, "lockfile");
  return parseVersion(sources.range, "package.json");
}

function parseVersion(
  text: string,
  source: DetectedVersion["source"],
): DetectedVersion | undefined {
  // The lowest version a range admits: its first x.y.z (or x.y, x), after `npm:name@`.
  const match = /(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(text.replace(/^npm:.+@/, ""));
  if (!match) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map((part) =>
    part === undefined || part === "x" || part === "*" ? 0 : Number(part),
  ) as [number, number, number];
  return { version: `${major}.${minor}.${patch}`, major, minor, source };
}

/** The version a lockfile beside the app (or at the workspace root) resolves `name` to. */
function lockedVersion(name: string, { dir, workspaceRoot }: VersionSources): string | undefined {
  const roots = [...new Set([dir, workspaceRoot ?? dir])];
  for (const root of roots) {
    const read = (file: string) => {
      const full = path.join(root, file);
      return fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
    };
    const importer = path.relative(root, dir).split(path.sep).join("/") || ".";
    const npm = read("package-lock.json");
    if (npm) {
      const lock = JSON.parse(npm) as { packages?: Record<string, { version?: string }> };
      const prefix = importer === "." ? "" : `${importer}/`;
      const entry =
        lock.packages?.[`${prefix}node_modules/${name}`] ?? lock.packages?.[`node_modules/${name}`];
      if (entry?.version) return entry.version;
    }
    const pnpm = read("pnpm-lock.yaml");
    if (pnpm) {
      const version = pnpmImporterVersion(pnpm, importer, name);
      if (version) return version;
    }
    const yarn = read("yarn.lock");
    if (yarn) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      const entry = new RegExp(`^"?${escaped}@[^\\n]*:\\n\\s+version:? "?([^"\\n]+)"?`, "m");
      const version = entry.exec(yarn)?.[1];
      if (version) return version;
    }
    const bun = read("bun.lock");
    if (bun) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      const version = new RegExp(`"${escaped}": \\["${escaped}@([^"]+)"`).exec(bun)?.[1];
      if (version) return version;
    }
  }
  return undefined;
}

/** `importers: { <importer>: { dependencies: { next: { version: 14.2.35(react@18.3.1) } } } }`. */
function pnpmImporterVersion(lock: string, importer: string, name: string): string | undefined {
  const lines = lock.split(/\r?\n/);
  const start = lines.indexOf("importers:");
  if (start === -1) return undefined;
  const key = (text: string) =>
    text
      .trim()
      .replace(/:$/, "")
      .replace(/^['"]|['"]$/g, "");
  let inImporter = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\S/.test(line)) break;
    if (/^ {2}\S/.test(line)) {
      inImporter = key(line) === importer;
      continue;
    }
    if (inImporter && /^ {6}\S/.test(line) && key(line) === name) {
      for (let j = i + 1; j < lines.length && /^ {8}/.test(lines[j] as string); j++) {
        const version = /^ {8}version: ['"]?([^'"(\s]+)/.exec(lines[j] as string)?.[1];
        if (version) return version;
      }
    }
  }
  return undefined;
}
