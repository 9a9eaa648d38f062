import { runOrThrow } from "./run.js";

/** `pnpm install` in the new repo: the one step that talks to the package registry. */
export async function installDependencies(root: string): Promise<void> {
  await runOrThrow("Installing dependencies", "pnpm", ["install"], {
    cwd: root,
    suggestion:
      "Fix the problem, then run `pnpm install` in the new repo; everything else is in place.",
  });
}
