import fs from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import { GeneratorError } from "../errors.js";

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
  packageJson: PackageJson;
  packageManager: PackageManager;
  /** The pnpm workspace root above the app, if any (for `workspace:` and `catalog:` versions). */
  workspaceRoot: string | null;
  /** The existing `proxy.*` or `middleware.*` in `<src>`, if any (absolute). */
  proxyFile: string | null;
}

const CODE_EXTENSIONS = [".ts", ".js", ".mts", ".mjs", ".tsx", ".jsx"];
const DEFAULT_NEXT_MAJOR = 16;

/**
 * Preflight: read the app, refuse what the generator cannot wire (not a Next.js App Router app,
 * both `proxy` and `middleware` present), and describe the rest.
 *
 * @example
 * const app = inspectApp("apps/web"); app.alias // "@/"
 */
export function inspectApp(appDir: string, overrides: { nextMajor?: number } = {}): AppInfo {
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
  return {
    dir,
    srcDir,
    hasSrc,
    alias: findSrcAlias(dir, srcDir),
    nextMajor: overrides.nextMajor ?? detectNextMajor(dir, nextSpec, workspaceRoot),
    packageJson,
    packageManager: detectPackageManager(dir, packageJson),
    workspaceRoot,
    proxyFile: findProxyFile(srcDir),
  };
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
  const parsed = ts.parseConfigFileTextToJson(file, fs.readFileSync(file, "utf8"));
  if (parsed.error) throw unparsable(file, parsed.error.messageText.toString());
  const options = (parsed.config as { compilerOptions?: Record<string, unknown> } | undefined)
    ?.compilerOptions;
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

function detectNextMajor(dir: string, spec: string, workspaceRoot: string | null): number {
  const installed = path.join(dir, "node_modules", "next", "package.json");
  if (fs.existsSync(installed)) {
    const { version } = JSON.parse(fs.readFileSync(installed, "utf8")) as { version: string };
    return majorOf(version) ?? DEFAULT_NEXT_MAJOR;
  }
  if (spec.startsWith("catalog:") && workspaceRoot) {
    const fromCatalog = readCatalog(workspaceRoot).get("next");
    if (fromCatalog) return majorOf(fromCatalog) ?? DEFAULT_NEXT_MAJOR;
  }
  return majorOf(spec) ?? DEFAULT_NEXT_MAJOR;
}

function majorOf(versionOrRange: string): number | undefined {
  const match = /(\d+)(?:\.|$|\s|x)/.exec(versionOrRange.replace(/^npm:[^@]+@/, ""));
  return match ? Number(match[1]) : undefined;
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
