import fs from "node:fs";
import path from "node:path";
import { CreateError } from "../errors.js";
import type { Kit } from "../kit.js";
import type { CreateOptions } from "../options/resolve.js";
import { adaptApp, writeAppEnv } from "./app.js";
import { DEPENDENCY_FIELDS, type PackageJson, readJson, writeFile } from "./files.js";
import { type GitOutcome, initGit } from "./git.js";
import { installDependencies } from "./install.js";
import { createNextApp } from "./next-app.js";
import { catalogFor, copyKit } from "./packages.js";
import { readme } from "./readme.js";
import {
  APP_DIR,
  completeWorkspaceYaml,
  readKitRoot,
  writeRootFiles,
  writeWorkspaceYaml,
} from "./repo.js";
import { planWarnings, wireApp } from "./wiring.js";

/** How the scaffold shows progress: spinners on a terminal, plain lines elsewhere. */
export interface Reporter {
  step<T>(title: string, task: () => Promise<T>, done?: (result: T) => string): Promise<T>;
  warn(message: string): void;
}

export interface ScaffoldResult {
  installed: boolean;
  git: GitOutcome | "skipped";
  /** Milliseconds per phase: writing the repo, installing (0 when skipped), git. */
  timings: { generate: number; install: number; git: number };
}

/**
 * Write the new repo, then (when asked) install and commit it. Writing needs no network; if it
 * fails or is interrupted, everything it wrote is removed again. Install and git run after, and
 * a failure there leaves the finished repo in place with instructions.
 *
 * @example await scaffold(options, await loadKit(), reporter)
 */
export async function scaffold(
  options: CreateOptions,
  kit: Kit,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<ScaffoldResult> {
  const root = options.directory;
  const preexisting = fs.existsSync(root) ? new Set(fs.readdirSync(root)) : undefined;
  const undo = () => removeWritten(root, preexisting);
  const onAbort = () => undo();
  signal?.addEventListener("abort", onAbort, { once: true });

  const started = performance.now();
  try {
    fs.mkdirSync(root, { recursive: true });
    await generate(options, kit, reporter);
  } catch (error) {
    undo();
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  const generated = performance.now();

  let installed = false;
  if (options.install) {
    await reporter.step(
      "Installing dependencies (pnpm install)",
      () => installDependencies(root),
      () => "Installed dependencies",
    );
    installed = true;
  }
  const afterInstall = performance.now();

  let git: GitOutcome | "skipped" = "skipped";
  if (options.git) {
    git = await reporter.step("Initializing git", () => initGit(root), gitMessage);
  }
  return {
    installed,
    git,
    timings: {
      generate: generated - started,
      install: afterInstall - generated,
      git: performance.now() - afterInstall,
    },
  };
}

async function generate(options: CreateOptions, kit: Kit, reporter: Reporter): Promise<void> {
  const root = options.directory;
  const appDir = path.join(root, APP_DIR);

  await reporter.step(
    "Creating the Next.js app (create-next-app)",
    () => createNextApp(appDir),
    () => `Created the Next.js app in ${APP_DIR}`,
  );
  writeWorkspaceYaml(root, appDir);

  await reporter.step(
    "Copying the library and the generators",
    async () => {
      copyKit(kit.dir, root);
      writeRootFiles(options, readKitRoot(kit.dir));
    },
    () => "Copied @acme/clerk-sync and the generators into packages/",
  );

  const plan = await reporter.step(
    `Wiring webhooks for ${options.groups.join(", ")} (webhook-event generator)`,
    async () => {
      adaptApp(appDir, options);
      writeAppEnv(appDir, options);
      return wireApp(kit, appDir, options);
    },
    (done) =>
      `Wired /api/webhooks: ${done.changes.filter((change) => change.kind !== "skip").length} files written by the webhook-event generator`,
  );
  for (const warning of planWarnings(plan)) reporter.warn(warning);

  const packageJsons = [
    path.join(root, "package.json"),
    path.join(appDir, "package.json"),
    ...fs
      .readdirSync(path.join(root, "packages"))
      .map((name) => path.join(root, "packages", name, "package.json")),
  ];
  assertPinned(packageJsons);
  completeWorkspaceYaml(root, catalogFor(packageJsons));
  writeFile(
    path.join(root, "README.md"),
    readme(options, kit.catalog.eventsOfGroups(options.groups)),
  );
}

/**
 * Every dependency of the new repo comes from its catalog or its workspace: versions are
 * pinned in one map, and a generator that adds a dependency the map lacks is caught here.
 */
function assertPinned(packageJsonFiles: readonly string[]): void {
  const loose: string[] = [];
  for (const file of packageJsonFiles) {
    const pkg = readJson<PackageJson>(file);
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
        if (!spec.startsWith("catalog:") && !spec.startsWith("workspace:")) {
          loose.push(`${name}@${spec} in ${path.basename(path.dirname(file))}`);
        }
      }
    }
  }
  if (loose.length > 0) {
    throw new CreateError("KIT_INCOMPLETE", `Unpinned dependencies: ${loose.join(", ")}.`, {
      suggestion: "Add them to the version map of @acme/create-clerk-sync (src/versions.ts).",
    });
  }
}

/** Remove what the scaffold wrote: the directory if it made it, else only what it added. */
function removeWritten(root: string, preexisting: Set<string> | undefined): void {
  if (!fs.existsSync(root)) return;
  if (!preexisting) {
    fs.rmSync(root, { recursive: true, force: true });
    return;
  }
  for (const entry of fs.readdirSync(root)) {
    if (!preexisting.has(entry))
      fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  }
}

function gitMessage(outcome: GitOutcome): string {
  switch (outcome) {
    case "committed":
      return "Initialized a git repository with one commit";
    case "initialized":
      return "Initialized a git repository (nothing committed: set user.name and user.email)";
    case "inside-repository":
      return "Skipped git init: the directory is inside a git repository already";
    case "no-git":
      return "Skipped git init: git is not available";
  }
}
