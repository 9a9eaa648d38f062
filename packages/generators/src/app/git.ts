import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

interface Rule {
  regex: RegExp;
  negated: boolean;
  dirOnly: boolean;
  /** The folder of the .gitignore the rule comes from, relative to the repository root. */
  base: string;
}

/**
 * What git would ignore, read from the `.gitignore` files between the repository root (the
 * folder with `.git`, else the workspace root that will become one, else the app) and each path: the patterns git documents (`*`, `?`, `**`,
 * character classes, a leading or inner `/` anchoring, a trailing `/` for folders, `!`
 * re-including). Decided without running git, so it works before `git init` too.
 *
 * @example new IgnoreRules("/repo/apps/web").ignores(".env.local") // true
 */
export class IgnoreRules {
  readonly root: string;
  readonly #appDir: string;
  readonly #cache = new Map<string, Rule[]>();

  constructor(appDir: string, workspaceRoot: string | null = null) {
    this.#appDir = appDir;
    this.root = gitRoot(appDir) ?? workspaceRoot ?? appDir;
  }

  /** Whether `file` (relative to the app, forward slashes) is ignored. */
  ignores(file: string, isDir = false): boolean {
    const fromRoot = path
      .relative(this.root, path.join(this.#appDir, file))
      .split(path.sep)
      .join("/");
    const parts = fromRoot.split("/");
    // A path inside an ignored folder is ignored, whatever its own rules say.
    for (let i = 1; i < parts.length; i++) {
      if (this.#decide(parts.slice(0, i).join("/"), true)) return true;
    }
    return this.#decide(fromRoot, isDir);
  }

  #decide(fromRoot: string, isDir: boolean): boolean {
    const dirs = fromRoot.split("/").slice(0, -1);
    let ignored = false;
    for (let i = 0; i <= dirs.length; i++) {
      const base = dirs.slice(0, i).join("/");
      for (const rule of this.#rules(base)) {
        if (rule.dirOnly && !isDir) continue;
        const relative = base ? fromRoot.slice(base.length + 1) : fromRoot;
        if (rule.regex.test(relative)) ignored = !rule.negated;
      }
    }
    return ignored;
  }

  #rules(base: string): Rule[] {
    let rules = this.#cache.get(base);
    if (!rules) {
      const file = path.join(this.root, base, ".gitignore");
      rules = fs.existsSync(file) ? parseGitignore(fs.readFileSync(file, "utf8"), base) : [];
      this.#cache.set(base, rules);
    }
    return rules;
  }
}

export function parseGitignore(text: string, base = ""): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, "");
    if (!line || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    if (negated) line = line.slice(1);
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    const body = globToRegex(line);
    const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
    rules.push({ regex, negated, dirOnly, base });
  }
  return rules;
}

function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end === -1) out += "\\[";
      else {
        out += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      out += `\\${glob[++i]}`;
    } else out += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return out;
}

/** The folder holding `.git` at or above `dir`, if any. */
export function gitRoot(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** Whether git tracks `file` (absolute); false outside a repository or without git. */
export function isTracked(file: string): boolean {
  if (!gitRoot(path.dirname(file))) return false;
  try {
    const out = execFileSync("git", ["ls-files", "--", path.basename(file)], {
      cwd: path.dirname(file),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.trim().length > 0;
  } catch {
    return false;
  }
}
