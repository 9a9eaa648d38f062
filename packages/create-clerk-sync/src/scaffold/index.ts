import fs from "node:fs";
import path from "node:path";
import { CreateError, fileSystemError } from "../errors.js";
import { Interrupts } from "../interrupts.js";
import type { Kit } from "../kit.js";
import { shellQuote } from "../next-steps.js";
import type { CreateOptions } from "../options/resolve.js";
import { adaptApp, makeHomePagePublic, writeAppEnv } from "./app.js";
import { DEPENDENCY_FIELDS, type PackageJson, readJson, writeFile } from "./files.js";
import { type GitOutcome, gitUserName, initGit } from "./git.js";
import { installDependencies } from "./install.js";
import { createNextApp } from "./next-app.js";
import { catalogFor, copyKit } from "./packages.js";
import { appReadme, readme } from "./readme.js";
import {
  APP_DIR,
  completeWorkspaceYaml,
  readKitRoot,
  writeRootFiles,
  writeWorkspaceYaml,
} from "./repo.js";
import { Staging } from "./staging.js";
import { generatorPins, planWarnings, wireApp } from "./wiring.js";

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
 * Write the new repo, then (when asked) install and commit it. Writing needs no network and
 * happens in a staging folder beside the target, renamed to it once complete: if writing fails or
 * is interrupted, the target is never created. Install and git run after, in the finished repo;
 * a failure or an interrupt there leaves it in place with the command that finishes the job.
 *
 * @example await scaffold(options, await loadKit(), reporter)
 */
export async function scaffold(
  options: CreateOptions,
  kit: Kit,
  reporter: Reporter,
  interrupts: Interrupts = new Interrupts(),
): Promise<ScaffoldResult> {
  const target = options.directory;
  const started = performance.now();
  try {
    let staging: Staging;
    try {
      staging = Staging.open(target);
    } catch (error) {
      throw fileSystemError(error, target) ?? error;
    }
    interrupts.writing(staging);
    try {
      await generate({ ...options, directory: staging.dir }, kit, reporter);
      // Checked synchronously with the rename: an interrupt that arrived first discards instead.
      interrupts.throwIfInterrupted();
      staging.commit();
    } catch (error) {
      staging.discard();
      throw fileSystemError(error, target, (file) => staging.shown(file)) ?? error;
    }
    const generated = performance.now();

    const finishCommands = [
      ...(options.install ? ["pnpm install"] : []),
      ...(options.git ? [GIT_FINISH] : []),
    ];
    const finish = (from: number) =>
      [
        `cd ${shellQuote(path.relative(process.cwd(), target) || ".")}`,
        ...finishCommands.slice(from),
      ].join(" && ");

    let installed = false;
    if (options.install) {
      interrupts.finishing("installing dependencies", target, finish(0));
      await reporter.step(
        "Installing dependencies (pnpm install)",
        async () => {
          try {
            await installDependencies(target);
          } catch (error) {
            throw fileSystemError(error, target) ?? error;
          }
        },
        () => "Installed dependencies",
      );
      installed = true;
    }
    const afterInstall = performance.now();

    let git: GitOutcome | "skipped" = "skipped";
    if (options.git) {
      interrupts.throwIfInterrupted();
      interrupts.finishing("initializing git", target, finish(finishCommands.length - 1));
      git = await reporter.step("Initializing git", () => initGit(target), gitMessage);
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
  } finally {
    interrupts.done();
  }
}

/** What `initGit` does, as one line to type. */
const GIT_FINISH = 'git init && git add -A && git commit -m "Initial commit"';

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
      const holder = (await gitUserName(root)) ?? `The ${options.name} authors`;
      writeRootFiles(options, readKitRoot(kit.dir), holder);
    },
    () => "Copied @acme/clerk-sync and the generators into packages/",
  );

  const plan = await reporter.step(
    `Wiring webhooks for ${options.groups.join(", ")} (webhook-event generator)`,
    async () => {
      adaptApp(appDir, options);
      writeAppEnv(appDir, options);
      const plan = await wireApp(kit, appDir, options);
      makeHomePagePublic(appDir);
      return plan;
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
  // Also every dependency the generators may add later, so they pin from this repo's catalog.
  completeWorkspaceYaml(root, { ...(await generatorPins(kit)), ...catalogFor(packageJsons) });
  writeFile(
    path.join(root, "README.md"),
    readme(options, kit.catalog.eventsOfGroups(options.groups)),
  );
  writeFile(path.join(appDir, "README.md"), appReadme(options));
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
