import { run } from "./run.js";

export type GitOutcome = "committed" | "initialized" | "inside-repository" | "no-git";

/**
 * A repository with one commit holding everything the scaffold wrote. Skipped inside an
 * existing work tree (the new repo is then part of it); without a git identity the repository
 * is left initialized with nothing committed.
 */
export async function initGit(root: string): Promise<GitOutcome> {
  const inside = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root }).catch(
    () => undefined,
  );
  if (!inside) return "no-git";
  if (inside.code === 0 && inside.output.trim() === "true") return "inside-repository";
  const init = await run("git", ["init", "--quiet", "--initial-branch=main"], { cwd: root });
  if (init.code !== 0) return "no-git";
  await run("git", ["add", "--all"], { cwd: root });
  const commit = await run(
    "git",
    ["commit", "--quiet", "--no-verify", "-m", "Initial commit from @acme/create-clerk-sync"],
    { cwd: root },
  );
  return commit.code === 0 ? "committed" : "initialized";
}

/** Who the LICENSE names: git's user.name, when git knows one. */
export async function gitUserName(cwd: string): Promise<string | undefined> {
  const result = await run("git", ["config", "user.name"], { cwd }).catch(() => undefined);
  const name = result?.code === 0 ? result.output.trim() : "";
  return name === "" ? undefined : name;
}
