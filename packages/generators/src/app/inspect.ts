import fs from "node:fs";
import path from "node:path";
import { GeneratorError } from "../errors";
import { type DetectedVersion, detectVersion } from "./installed";
import { parseJsonc } from "./jsonc";

export type PackageManager = "pnpm" | "npm" | "yarn" | "bun";

export interface PackageJson {
  name?: string;
  packageManager?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  prisma?: { schema?: string };
  [key: string]: unknown;
}

/** What the generator needs to know about a Next.js app before it plans anything. */
export interface AppInfo {
  /** Absolute app directory (where package.json and next.config live). */
  dir: string;
  /** Absolute `<src>`: `dir/src` when the app keeps its code there, else `dir`. */
  srcDir: string;
  hasSrc: boolean;
  /** The import prefix that maps to `<src>` (`"@/"`), or null: then imports are relative. */
  alias: string | null;
  /** Next.js major version: 16 and later use `proxy.ts`, earlier ones `middleware.ts`. */
  nextMajor: number;
  /** The app's Next.js: installed, locked, or the lowest its range admits. */
  next: DetectedVersion;
  /**
   * The app's `@clerk/nextjs` (5: `auth().protect()`; 6+: `await auth.protect()`), or undefined
   * when the caller adds Clerk itself (`versions["@clerk/nextjs"]`).
   */
  clerk: DetectedVersion | undefined;
  packageJson: PackageJson;
  packageManager: PackageManager;
  /** The pnpm workspace root above the app, if any (for `workspace:` and `catalog:` versions). */
  workspaceRoot: string | null;
  /** The existing `proxy.*` or `middleware.*` in `<src>`, if any (absolute). */
  proxyFile: string | null;
}

const CODE_EXTENSIONS = [".ts", ".js", ".mts", ".mjs", ".tsx", ".jsx"];
const CLERK = "@clerk/nextjs";
/** What the kit supports: Next.js 14.2+ (App Router), @clerk/nextjs 5+. */
const MIN_NEXT = { major: 14, minor: 2 };
const MIN_CLERK_MAJOR = 5;

export interface InspectOptions {
  /** Override the detected Next.js major version. */
  nextMajor?: number;
  /** The caller adds @clerk/nextjs itself (the create scaffold): an app without it is fine. */
  addsClerk?: boolean;
}

/**
 * Preflight: read the app, refuse what the generator cannot wire (not a Next.js App Router app,
 * Next.js before 14.2, no `@clerk/nextjs` or one before 5, both `proxy` and `middleware`
 * present), and describe the rest.
 *
 * @example
 * const app = inspectApp("apps/web"); app.alias // "@/"
 */
export function inspectApp(appDir: string, overrides: InspectOptions = {}): AppInfo {
  const dir = path.resolve(appDir);
  const packageJsonFile = path.join(dir, "package.json");
  if (!fs.existsSync(packageJsonFile)) {
    throw new GeneratorError("APP_NOT_FOUND", `No package.json in ${dir}.`, {
      suggestion: "Pass the directory of your Next.js app (the one with next.config.* and app/).",
    });
  }
  const packageJson = readJson<PackageJson>(packageJsonFile);
  const nextSpec = packageJson.dependencies?.next ?? packageJson.devDependencies?.next;
  if (!nextSpec) {
    throw new GeneratorError("NOT_A_NEXT_APP", `${dir} does not depend on next.`, {
      suggestion:
        "Run the generator on a Next.js App Router app (create one with create-next-app).",
    });
  }

  // Next.js ignores src/app when the app directory sits at the root.
  const hasSrc =
    !fs.existsSync(path.join(dir, "app")) &&
    !fs.existsSync(path.join(dir, "pages")) &&
    fs.existsSync(path.join(dir, "src"));
  const srcDir = hasSrc ? path.join(dir, "src") : dir;
  if (!fs.existsSync(path.join(srcDir, "app"))) {
    const pagesOnly = fs.existsSync(path.join(srcDir, "pages"));
    throw new GeneratorError(
      "NOT_AN_APP_ROUTER_APP",
      pagesOnly
        ? `${dir} uses the Pages Router only (no app/ directory).`
        : `${dir} has no app/ directory.`,
      {
        suggestion:
          "The webhook route is an App Router route handler: add an app/ (or src/app/) directory first.",
      },
    );
  }

  const workspaceRoot = findUp(dir, "pnpm-workspace.yaml");
  const packageManager = detectPackageManager(dir, packageJson);
  const versionOf = (name: string) => {
    let range = packageJson.dependencies?.[name] ?? packageJson.devDependencies?.[name];
    if (range?.startsWith("catalog:") && workspaceRoot)
      range = readCatalog(workspaceRoot).get(name);
    return detectVersion(name, { dir, range, workspaceRoot });
  };
  // A range that names no version (`catalog:` outside its workspace, `latest`, a git URL) and
  // nothing installed or locked: assume the newest the kit supports.
  const newest = (major: number): DetectedVersion => ({
    version: `${major}.0.0`,
    major,
    minor: 0,
    source: "package.json",
  });
  const next = versionOf("next") ?? newest(16);
  const dependsOnClerk = Boolean(
    packageJson.dependencies?.[CLERK] ?? packageJson.devDependencies?.[CLERK],
  );
  const clerk = dependsOnClerk ? (versionOf(CLERK) ?? newest(7)) : undefined;
  checkVersions(dir, next, clerk, packageManager, overrides);
  return {
    dir,
    srcDir,
    hasSrc,
    alias: findSrcAlias(dir, srcDir),
    nextMajor: overrides.nextMajor ?? next.major,
    next,
    clerk,
    packageJson,
    packageManager,
    workspaceRoot,
    proxyFile: findProxyFile(srcDir),
  };
}

/** Stop before anything is written when the app's Next.js or Clerk is one the kit cannot serve. */
function checkVersions(
  dir: string,
  next: DetectedVersion,
  clerk: DetectedVersion | undefined,
  manager: PackageManager,
  options: InspectOptions,
): void {
  const add = manager === "npm" ? "npm install" : `${manager} add`;
  const where = (v: DetectedVersion) =>
    v.source === "package.json"
      ? `package.json allows ${v.version} and up`
      : `${v.source}: ${v.version}`;
  if (
    options.nextMajor === undefined &&
    (next.major < MIN_NEXT.major || (next.major === MIN_NEXT.major && next.minor < MIN_NEXT.minor))
  ) {
    throw new GeneratorError(
      "NEXT_TOO_OLD",
      `${dir} uses Next.js ${next.version} (${where(next)}); the kit needs 14.2 or later.`,
      {
        suggestion: `Upgrade Next.js first (\`${add} next@14.2\` or later, see nextjs.org/docs/app/guides/upgrading), then run the generator again.`,
      },
    );
  }
  if (!clerk) {
    if (options.addsClerk) return;
    throw new GeneratorError("NO_CLERK", `${dir} does not depend on @clerk/nextjs.`, {
      suggestion: `Set up Clerk first (\`${add} @clerk/nextjs\`, <ClerkProvider> in the root layout, clerkMiddleware(); see clerk.com/docs/quickstarts/nextjs), then run the generator again.`,
    });
  }
  if (clerk.major < MIN_CLERK_MAJOR) {
    throw new GeneratorError(
      "CLERK_TOO_OLD",
      `${dir} uses @clerk/nextjs ${clerk.version} (${where(clerk)}); the kit needs 5 or later.`,
      {
        suggestion: `Upgrade Clerk first (\`${add} @clerk/nextjs@latest\`, see clerk.com/docs/upgrade-guides), then run the generator again.`,
      },
    );
  }
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (error) {
    throw unparsable(file, error instanceof Error ? error.message : String(error));
  }
}

function unparsable(file: string, reason: string): GeneratorError {
  return new GeneratorError("UNPARSABLE_FILE", `Could not read ${file}: ${reason}`, {
    suggestion: "Fix the file's syntax, then run the generator again.",
  });
}

/** `proxy.*` or `middleware.*` next to `app/`; both at once is an error (Next.js refuses it). */
function findProxyFile(srcDir: string): string | null {
  const existing = (base: string) =>
    CODE_EXTENSIONS.map((ext) => path.join(srcDir, base + ext)).filter((f) => fs.existsSync(f));
  const proxies = existing("proxy");
  const middlewares = existing("middleware");
  const found = [...proxies, ...middlewares];
  if (proxies.length > 0 && middlewares.length > 0) {
    throw new GeneratorError(
      "PROXY_AND_MIDDLEWARE",
      `Both ${found.map((f) => path.basename(f)).join(" and ")} exist in ${srcDir}.`,
      {
        suggestion:
          "Next.js refuses to build with both. Move the logic into one of them (proxy.ts on Next.js 16, middleware.ts before) and delete the other, then run the generator again.",
      },
    );
  }
  if (found.length > 1) {
    throw new GeneratorError(
      "PROXY_AND_MIDDLEWARE",
      `Several ${path.basename(found[0] ?? "", path.extname(found[0] ?? ""))} files exist in ${srcDir}: ${found.map((f) => path.basename(f)).join(", ")}.`,
      { suggestion: "Keep one of them, then run the generator again." },
    );
  }
  return found[0] ?? null;
}

/** The `paths` entry of tsconfig.json that maps `<prefix>*` to `<src>/*`. */
function findSrcAlias(dir: string, srcDir: string): string | null {
  const file = path.join(dir, "tsconfig.json");
  if (!fs.existsSync(file)) return null;
  let config: { compilerOptions?: Record<string, unknown> } | undefined;
  try {
    config = parseJsonc(fs.readFileSync(file, "utf8")) as typeof config;
  } catch (error) {
    throw unparsable(file, error instanceof Error ? error.message : String(error));
  }
  const options = config?.compilerOptions;
  const paths = options?.paths as Record<string, string[]> | undefined;
  if (!paths) return null;
  const base = path.resolve(dir, (options?.baseUrl as string | undefined) ?? ".");
  for (const [key, targets] of Object.entries(paths)) {
    if (!key.endsWith("/*")) continue;
    for (const target of targets) {
      if (!target.endsWith("/*")) continue;
      if (path.resolve(base, target.slice(0, -2)) === srcDir) return key.slice(0, -1);
    }
  }
  return null;
}

function detectPackageManager(dir: string, packageJson: PackageJson): PackageManager {
  const declared = packageJson.packageManager?.split("@")[0];
  if (declared === "pnpm" || declared === "npm" || declared === "yarn" || declared === "bun") {
    return declared;
  }
  const lockfiles: [string, PackageManager][] = [
    ["pnpm-lock.yaml", "pnpm"],
    ["pnpm-workspace.yaml", "pnpm"],
    ["yarn.lock", "yarn"],
    ["bun.lock", "bun"],
    ["bun.lockb", "bun"],
    ["package-lock.json", "npm"],
  ];
  for (let d = dir; ; d = path.dirname(d)) {
    for (const [file, manager] of lockfiles) {
      if (fs.existsSync(path.join(d, file))) return manager;
    }
    if (path.dirname(d) === d) return "npm";
  }
}

function findUp(start: string, file: string): string | null {
  for (let d = start; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, file))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * The default catalog of a pnpm workspace (`catalog:` in pnpm-workspace.yaml): the flat
 * `name: version` map under it, which is all the generator needs to know.
 */
export function readCatalog(workspaceRoot: string): Map<string, string> {
  const file = path.join(workspaceRoot, "pnpm-workspace.yaml");
  const catalog = new Map<string, string>();
  if (!fs.existsSync(file)) return catalog;
  let inCatalog = false;
  for (const line of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inCatalog = /^catalog:\s*$/.test(line);
      continue;
    }
    if (!inCatalog) continue;
    const entry = /^\s+(?:"([^"]+)"|'([^']+)'|([^\s:#]+)):\s*["']?([^"'#\s]+)["']?/.exec(line);
    if (entry) catalog.set((entry[1] ?? entry[2] ?? entry[3]) as string, entry[4] as string);
  }
  return catalog;
}

/** A path relative to the app directory, with forward slashes (how plans and reports name files). */
export function appRelative(app: AppInfo, file: string): string {
  return path.relative(app.dir, file).split(path.sep).join("/");
}

/**
 * How a file in the app imports a module of `<src>`: through the alias when the app has one,
 * else relatively.
 *
 * @example importPath(app, "src/app/api/webhooks/route.ts", "lib/clerk-sync") // "@/lib/clerk-sync"
 */
export function importPath(app: AppInfo, fromFile: string, srcModule: string): string {
  if (app.alias) return `${app.alias}${srcModule}`;
  const from = path.dirname(path.resolve(app.dir, fromFile));
  const relative = path.relative(from, path.join(app.srcDir, srcModule)).split(path.sep).join("/");
  return relative.startsWith(".") ? relative : `./${relative}`;
}
