import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CreateOptions, defaultDatabaseUrl } from "../options/resolve.js";
import { DEFAULT_REDIS_URL } from "../options/validate.js";
import { NODE_VERSION, PNPM_VERSION } from "../versions.js";
import { type PackageJson, readJson, writeFile, writeJson } from "./files.js";
import { licenseText } from "./license.js";
import { ciWorkflow, WORKFLOW_FILE } from "./workflow.js";

/** Files the new repo's root gets as they are (files/root in this package): its scripts. */
export const ROOT_FILES_DIR = fileURLToPath(new URL("../../files/root/", import.meta.url));

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
    // turbo would pass `--port` to every task; the script passes it to next dev as PORT.
    dev: "node scripts/dev.mjs",
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
    ...(options.license === "none" ? {} : { license: options.license }),
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
    // Read at run time, never baked into a build: let them through to every task (turbo hides
    // every variable it is not told about). PORT for `PORT=3001 pnpm dev`; the TEST_ ones for
    // `pnpm test` against another database or Redis.
    globalPassThroughEnv: [
      "PORT",
      "DATABASE_URL",
      "REDIS_URL",
      "TEST_DATABASE_URL",
      "TEST_REDIS_URL",
      "CLERK_SECRET_KEY",
      "CLERK_WEBHOOK_SIGNING_SECRET",
      "PRISMA_*",
      "CHECKPOINT_DISABLE",
      "NEXT_TELEMETRY_DISABLED",
    ],
    tasks: {
      "db:generate": { outputs: ["src/generated/**"] },
      build: {
        dependsOn: ["^build", "db:generate"],
        // Inlined into the client bundle: part of the build's cache key, from the environment
        // or the app's .env files (which git does not track, so turbo would not see them).
        env: ["NEXT_PUBLIC_*"],
        inputs: ["$TURBO_DEFAULT$", ".env*"],
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
  // The kit's overrides are rules for its own reference app (whose pages read the environment
  // through one module); a new repo's app is create-next-app's, and keeps its own ways.
  const { overrides: _kitOnly, ...biome } = kitRoot.biome as Record<string, unknown>;
  const files = (biome.files ?? {}) as { includes?: string[] };
  return {
    ...biome,
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
.env*.local
`;

/**
 * Write the repo's root files (the catalog comes last, once every package.json is known): its
 * configuration, CI workflow, Node version, license and the list of every variable it reads.
 */
export function writeRootFiles(options: CreateOptions, kitRoot: KitRoot, holder: string): void {
  const root = options.directory;
  writeJson(path.join(root, "package.json"), rootPackageJson(options, kitRoot));
  writeJson(path.join(root, "turbo.json"), turboJson());
  writeJson(path.join(root, "biome.json"), biomeJson(kitRoot));
  writeJson(path.join(root, "tsconfig.base.json"), kitRoot.tsconfigBase);
  writeFile(path.join(root, ".gitignore"), ROOT_GITIGNORE);
  writeFile(path.join(root, ".nvmrc"), `${NODE_VERSION}\n`);
  fs.cpSync(ROOT_FILES_DIR, root, { recursive: true });
  writeFile(path.join(root, ".env.example"), rootEnvExample(options));
  writeFile(path.join(root, WORKFLOW_FILE), ciWorkflow(options));
  if (options.license !== "none") {
    writeFile(
      path.join(root, "LICENSE"),
      licenseText(options.license, new Date().getFullYear(), holder),
    );
  }
}

/**
 * Every variable the repo reads, in one place: the app's (kept in apps/web/.env.local, which
 * Next.js, Prisma and clerk-sync read) and the ones for tests, ports and CI, which turbo passes
 * through to its tasks.
 */
export function rootEnvExample(options: CreateOptions): string {
  const redis = options.queue === "bullmq";
  // Committed: the defaults, never the URLs given to the scaffold (they may hold a password).
  const redisLines = redis
    ? `# Redis for the BullMQ queue (pnpm worker).\nREDIS_URL=${DEFAULT_REDIS_URL}\n`
    : "";
  return `# Every variable this repo reads. The app's live in ${APP_DIR}/.env.local (never committed;
# ${APP_DIR}/.env.example lists them too); the others are set in your shell or in CI, and turbo
# passes them through to dev, build, start and test (turbo.json).

# --- ${APP_DIR}/.env.local ---------------------------------------------------------------
# Clerk Dashboard → API keys.
NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=
CLERK_SECRET_KEY=
# Clerk Dashboard → Webhooks → your endpoint (https://<your app>/api/webhooks) → Signing Secret.
CLERK_WEBHOOK_SIGNING_SECRET=
# The app's database${options.database === "sqlite" ? " (SQLite: a file, relative to the app)" : " (PostgreSQL)"}.
DATABASE_URL=${defaultDatabaseUrl(options.database, options.name)}
${redisLines}
# --- shell or CI --------------------------------------------------------------------------
# The port of pnpm dev and pnpm start (default 3000).
PORT=3000
# The tests' own database and Redis (default: DATABASE_URL's with "_test" appended, or
# prisma/test.db for SQLite; Redis database 15).
TEST_DATABASE_URL=
TEST_REDIS_URL=
`;
}

function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function yamlKey(name: string): string {
  return /^[a-z0-9][a-z0-9._-]*$/i.test(name) ? name : JSON.stringify(name);
}
