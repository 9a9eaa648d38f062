import fs from "node:fs";
import path from "node:path";

/**
 * Where the new repo is written before it exists: a hidden folder beside the target, on the same
 * file system, moved to the target by one rename once the repo is complete. Until then the target
 * does not exist (or holds only what it held before), so an interrupt, a crash or a failure at any
 * point of the writing leaves nothing a user could mistake for a repo. Everything here is
 * synchronous: an exit handler can discard the folder.
 */
export class Staging {
  private constructor(
    /** The folder being written. */
    readonly dir: string,
    /** Where the repo goes once complete. */
    readonly target: string,
    /** The first ancestor of the target this run created (`pnpm create … a/b/app`), if any. */
    private readonly createdAncestor: string | undefined,
  ) {}

  /**
   * Make the staging folder beside `target` (creating the target's missing parents), after
   * removing folders an earlier run left when it was killed outright (`kill -9`, a power cut).
   */
  static open(target: string): Staging {
    const parent = path.dirname(target);
    const createdAncestor = fs.mkdirSync(parent, { recursive: true }) ?? undefined;
    const prefix = stagingPrefix(target);
    removeAbandoned(parent, prefix);
    const dir = fs.mkdtempSync(path.join(parent, `${prefix}${process.pid}-`));
    return new Staging(dir, target, createdAncestor);
  }

  /** `file` inside the staging folder as it will be named once moved: for messages. */
  shown(file: string): string {
    const relative = path.relative(this.dir, file);
    return relative.startsWith("..") ? file : path.join(this.target, relative);
  }

  /**
   * Move the complete repo to the target: one rename, or, where the target exists already
   * (empty but for editor and VCS folders, as validated), one rename per top-level entry. An
   * entry the target already has (its `.git`, say) is kept and ours dropped.
   */
  commit(): void {
    if (!fs.existsSync(this.target)) {
      fs.renameSync(this.dir, this.target);
      return;
    }
    if (fs.readdirSync(this.target).length === 0) {
      fs.rmdirSync(this.target);
      fs.renameSync(this.dir, this.target);
      return;
    }
    for (const entry of fs.readdirSync(this.dir)) {
      if (fs.existsSync(path.join(this.target, entry))) continue;
      fs.renameSync(path.join(this.dir, entry), path.join(this.target, entry));
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Remove the staging folder and the parents this run created. Safe to call twice. */
  discard(): void {
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    if (this.createdAncestor) {
      fs.rmSync(this.createdAncestor, { recursive: true, force: true, maxRetries: 5 });
    }
  }
}

/** `.my-app.creating-`: staging folders for `my-app` start with it, then the writer's pid. */
export function stagingPrefix(target: string): string {
  return `.${path.basename(target)}.creating-`;
}

/** Staging folders of runs whose process is gone. A running one is left alone. */
function removeAbandoned(parent: string, prefix: string): void {
  for (const entry of fs.readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}
