import fs from "node:fs";
import path from "node:path";
import type { CreateOptions } from "../options/resolve.js";
import { PNPM_VERSION } from "../versions.js";
import { type PackageJson, readJson, writeFile, writeJson } from "./files.js";

/** Where the app lives in the new repo, and its package name (for `pnpm --filter`). */
export const APP_DIR = "apps/web";
export const APP_NAME = "web";

/**
 * Dependencies whose install scripts pnpm may run, as decided for the kit's own repo. pnpm
 * refuses to install while one it was not told about wants to: better-sqlite3 compiles its
 * addon, esbuild (tsx) checks its binary; Prisma's only fetch engines the CLI fetches on demand
 * anyway, and the rest have prebuilt fallbacks. The generator adds what its drivers need.
 */
const ALLOW_BUILDS: Record<string, boolean> = {
  "@prisma/engines": false,
  "better-sqlite3": true,
  esbuild: true,
  "msgpackr-extract": false,
  prisma: false,
  sharp: false,
  "unrs-resolver": false,
};

/** The root package.json: turbo tasks, the generators' entry points, the app's chores. */
export function rootPackageJson(options: CreateOptions, kitRoot: KitRoot): PackageJson {
  const scripts: Record<string, string> = {
    build: "turbo run build",
    dev: "turbo run dev",
    start: `pnpm --filter ${APP_NAME} start`,
    lint: "turbo run lint",
    typecheck: "turbo run typecheck",
    test: "turbo run test",
    "db:migrate": `pnpm --filter ${APP_NAME} db:migrate`,
  };
  if (options.queue === "bullmq") scripts.worker = `pnpm --filter ${APP_NAME} worker`;
  Object.assign(scripts, kitRoot.scripts);
  return {
    name: options.name,
    private: true,
    type: "module",
    packageManager: `pnpm@${PNPM_VERSION}`,
    engines: { node: ">=20.19" },
    scripts,
    devDependencies: kitRoot.devDependencies,
  };
}

export function turboJson(): unknown {
  return {
    $schema: "https://turborepo.com/schema.json",
    ui: "stream",
    // Read at run time, never baked into a build: let them through to every task.
    globalPassThroughEnv: [
      "DATABASE_URL",
      "REDIS_URL",
      "CLERK_SECRET_KEY",
      "CLERK_WEBHOOK_SIGNING_SECRET",
      "PRISMA_*",
      "CHECKPOINT_DISABLE",
    ],
    tasks: {
      "db:generate": { outputs: ["src/generated/**"] },
      build: {
        dependsOn: ["^build", "db:generate"],
        outputs: ["dist/**", ".next/**", "!.next/cache/**"],
      },
      dev: { dependsOn: ["^build", "db:generate"], cache: false, persistent: true },
      lint: {},
      typecheck: { dependsOn: ["^build", "db:generate"] },
      test: { dependsOn: ["^build", "db:generate"], cache: false },
    },
  };
}

/**
 * pnpm-workspace.yaml: the workspace, the catalog every package.json refers to, and the
 * dependencies allowed to run install scripts.
 */
export function workspaceYaml(
  catalog: Record<string, string>,
  allowBuilds: Record<string, boolean>,
): string {
  const lines = ["packages:", "  - apps/*", "  - packages/*", ""];
  if (Object.keys(catalog).length > 0) {
    lines.push("catalog:");
    for (const [name, version] of sortedEntries(catalog)) {
      lines.push(`  ${yamlKey(name)}: ${version}`);
    }
    lines.push("");
  }
  lines.push("allowBuilds:");
  for (const [name, allowed] of sortedEntries(allowBuilds)) {
    lines.push(`  ${yamlKey(name)}: ${allowed}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The root pnpm-workspace.yaml before the generator runs: the workspace and the install scripts
 * decided so far (the repo's tooling, and create-next-app's from the app's own file, which goes:
 * the workspace root has the only one). The generator adds its drivers' to it.
 */
export function writeWorkspaceYaml(root: string, appDir: string): void {
  const appFile = path.join(appDir, "pnpm-workspace.yaml");
  const fromApp = fs.existsSync(appFile) ? allowBuildsOf(fs.readFileSync(appFile, "utf8")) : {};
  fs.rmSync(appFile, { force: true });
  writeFile(
    path.join(root, "pnpm-workspace.yaml"),
    workspaceYaml({}, { ...ALLOW_BUILDS, ...fromApp }),
  );
}

/** The final pnpm-workspace.yaml: the catalog added, every install-script decision kept. */
export function completeWorkspaceYaml(root: string, catalog: Record<string, string>): void {
  const file = path.join(root, "pnpm-workspace.yaml");
  writeFile(file, workspaceYaml(catalog, allowBuildsOf(fs.readFileSync(file, "utf8"))));
}

/** The `allowBuilds:` map of a pnpm-workspace.yaml. */
export function allowBuildsOf(text: string): Record<string, boolean> {
  const allow: Record<string, boolean> = {};
  let inAllowBuilds = false;
  for (const line of text.split("\n")) {
    if (/^\S/.test(line)) inAllowBuilds = line.startsWith("allowBuilds:");
    const match = inAllowBuilds ? /^\s+["']?([^"':]+)["']?:\s*(true|false)\s*$/.exec(line) : null;
    if (match?.[1]) allow[match[1]] = match[2] === "true";
  }
  return allow;
}

/** The kit repo's root configuration and generator scripts (kit/root.json). */
export interface KitRoot {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  tsconfigBase: unknown;
  biome: Record<string, unknown>;
}

export function readKitRoot(kitDir: string): KitRoot {
  return readJson<KitRoot>(path.join(kitDir, "root.json"));
}

/**
 * The kit's Biome setup, plus the Tailwind CSS directives create-next-app's stylesheet uses,
 * and without its SVG assets (images, not code: their a11y titles belong to the page using them).
 */
export function biomeJson(kitRoot: KitRoot): unknown {
  const files = (kitRoot.biome.files ?? {}) as { includes?: string[] };
  return {
    ...kitRoot.biome,
    files: { ...files, includes: [...(files.includes ?? ["**"]), "!**/*.svg"] },
    css: { parser: { tailwindDirectives: true } },
  };
}

export const ROOT_GITIGNORE = `node_modules/
dist/
.next/
.turbo/
*.tsbuildinfo
coverage/
generated/
*.db
*.db-journal
*.db-wal
*.db-shm
.env
.env.local
`;

/** Write the repo's root files (the catalog comes last, once every package.json is known). */
export function writeRootFiles(options: CreateOptions, kitRoot: KitRoot): void {
  const root = options.directory;
  writeJson(path.join(root, "package.json"), rootPackageJson(options, kitRoot));
  writeJson(path.join(root, "turbo.json"), turboJson());
  writeJson(path.join(root, "biome.json"), biomeJson(kitRoot));
  writeJson(path.join(root, "tsconfig.base.json"), kitRoot.tsconfigBase);
  writeFile(path.join(root, ".gitignore"), ROOT_GITIGNORE);
}

function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function yamlKey(name: string): string {
  return /^[a-z0-9][a-z0-9._-]*$/i.test(name) ? name : JSON.stringify(name);
}
