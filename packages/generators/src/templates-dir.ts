import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A file every templates folder has: how a candidate folder is recognised. */
const MARKER = path.join("prisma", "schema.prisma.hbs");

/**
 * The folder of this module. `turbo gen` bundles its config (and this module with it) into one
 * CommonJS file next to the config, where `import.meta.url` is empty and `__filename` is the
 * bundle; everywhere else (tsx, jiti, vitest, compiled ESM) `import.meta.url` is this file.
 */
function moduleDir(): string {
  const url: string | undefined = import.meta.url;
  if (url) return path.dirname(fileURLToPath(url));
  if (typeof __filename === "string") return path.dirname(__filename);
  return process.cwd();
}

/** The nearest `templates/` folder above `start`: the repo root's, in every layout that runs us. */
export function findTemplatesDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "templates");
    if (fs.existsSync(path.join(candidate, MARKER))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(
        `No templates folder (with ${MARKER}) above ${start}: the generators run from the kit's repo, beside its templates/.`,
      );
    }
  }
}

/** The one folder every generator entry point (plop, turbo gen, create) renders from. */
export const TEMPLATES_DIR = findTemplatesDir(moduleDir());
