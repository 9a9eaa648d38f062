import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateError } from "../errors.js";
import type { CreateOptions } from "../options/resolve.js";
import { isPinned, type PinnedPackage } from "../versions.js";
import {
  DEPENDENCY_FIELDS,
  type PackageJson,
  readJson,
  sortKeys,
  writeFile,
  writeJson,
} from "./files.js";

/** The test suite and its config every new app gets (files/app in this package). */
export const APP_FILES_DIR = fileURLToPath(new URL("../../files/app/", import.meta.url));

/**
 * A production-format publishable key for a Clerk instance that does not exist (`pk_live_` +
 * base64 of `clerk.example.com$`): with it `clerkMiddleware` runs without calling Clerk, so the
 * new app starts and receives webhooks before it has real keys. A development key would send
 * every page load to Clerk for a handshake.
 */
export const PLACEHOLDER_PUBLISHABLE_KEY = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
export const PLACEHOLDER_SECRET_KEY = "sk_live_replace_me_with_your_clerk_secret_key";

/**
 * What the app needs beyond create-next-app's and what the generator adds for the wiring (the
 * kit, Clerk, Prisma and the driver, the queue): its test runner.
 */
const APP_DEV_DEPENDENCIES: readonly PinnedPackage[] = ["vitest"];

/** Scripts of the app, beside create-next-app's dev/build/start. */
function appScripts(options: CreateOptions): Record<string, string> {
  const scripts: Record<string, string> = {
    dev: "next dev",
    build: "next build",
    start: "next start",
    lint: "biome check .",
    typecheck: "next typegen && tsc --noEmit",
    test: "vitest run",
    "db:generate": "prisma generate",
    "db:migrate": "prisma migrate dev",
    "db:deploy": "prisma migrate deploy",
  };
  if (options.queue === "bullmq") {
    scripts.worker = "clerk-sync worker --config src/lib/clerk-sync.ts";
  }
  return scripts;
}

/**
 * Turn create-next-app's output into a package of the repo: versions from the catalog, the
 * kit's dependencies, scripts for the database and tests, no config of its own where the repo
 * root has one.
 */
export function adaptApp(appDir: string, options: CreateOptions): void {
  const file = path.join(appDir, "package.json");
  const pkg = readJson<PackageJson>(file);
  const dependencies: Record<string, string> = { ...pkg.dependencies };
  const devDependencies: Record<string, string> = { ...pkg.devDependencies };
  for (const name of APP_DEV_DEPENDENCIES) devDependencies[name] = "catalog:";
  // The repo root runs Biome for every package.
  delete devDependencies["@biomejs/biome"];
  const next: PackageJson = {
    name: pkg.name,
    version: pkg.version,
    private: true,
    type: "module",
    scripts: appScripts(options),
    dependencies: sortKeys(dependencies),
    devDependencies: sortKeys(devDependencies),
  };
  for (const field of DEPENDENCY_FIELDS) {
    const deps = next[field] ?? {};
    for (const name of Object.keys(deps)) {
      if (isPinned(name)) deps[name] = "catalog:";
    }
  }
  writeJson(file, next);

  // One Biome configuration, at the root (it carries create-next-app's Tailwind setting).
  fs.rmSync(path.join(appDir, "biome.json"), { force: true });
  const gitignore = path.join(appDir, ".gitignore");
  fs.appendFileSync(
    gitignore,
    "\n# the example env file documents every key\n!.env.example\n\n# tests\n/prisma/test.db*\n",
  );

  // create-next-app's images belong to the page the home page below replaces.
  for (const image of ["file.svg", "globe.svg", "next.svg", "vercel.svg", "window.svg"]) {
    fs.rmSync(path.join(appDir, "public", image), { force: true });
  }
  if (
    fs.existsSync(path.join(appDir, "public")) &&
    fs.readdirSync(path.join(appDir, "public")).length === 0
  ) {
    fs.rmdirSync(path.join(appDir, "public"));
  }
  fs.cpSync(APP_FILES_DIR, appDir, { recursive: true });
  useBundledFonts(appDir);
  describeApp(appDir, options);
}

/** create-next-app's title and description ("Create Next App") replaced by the app's own. */
export function describeApp(appDir: string, options: CreateOptions): void {
  const file = path.join(appDir, "src", "app", "layout.tsx");
  const before = fs.readFileSync(file, "utf8");
  const after = before.replace(
    /export const metadata: Metadata = \{[^}]*\};/,
    `export const metadata: Metadata = {\n  title: ${JSON.stringify(options.name)},\n  description: "Keeps Clerk's data in this app's own database through verified webhooks.",\n};`,
  );
  if (after === before) {
    throw new CreateError("STEP_FAILED", `Unexpected metadata in ${file}.`, {
      suggestion: "create-next-app's layout changed: update describeApp for its new layout.",
    });
  }
  fs.writeFileSync(file, after);
}

/**
 * Make the home page public: it says what the app syncs and how to connect Clerk, and must
 * answer before the app has real keys (with the placeholders, clerkMiddleware would send a
 * visitor to sign in at a Clerk instance that does not exist). Added to the generator's
 * `isPublicRoute`, once.
 */
export function makeHomePagePublic(appDir: string): void {
  const candidates = ["src/proxy.ts", "src/middleware.ts", "proxy.ts", "middleware.ts"];
  const file = candidates.map((name) => path.join(appDir, name)).find((f) => fs.existsSync(f));
  const anchor = "function isPublicRoute(pathname: string): boolean {";
  const text = file ? fs.readFileSync(file, "utf8") : "";
  if (!file || !text.includes(anchor)) {
    throw new CreateError(
      "STEP_FAILED",
      `No isPublicRoute function in ${file ?? `${appDir}/src/proxy.ts`}.`,
      {
        suggestion:
          "The webhook-event generator's proxy changed: update makeHomePagePublic for it.",
      },
    );
  }
  if (text.includes('pathname === "/")')) return;
  fs.writeFileSync(
    file,
    text.replace(
      anchor,
      `${anchor}\n  // The home page: what the app syncs and how to connect Clerk, before anyone signs in.\n  if (pathname === "/") return true;`,
    ),
  );
}

/**
 * create-next-app's layout loads Geist from Google Fonts, which `next build` downloads: a
 * build without internet access fails. The same fonts ship in the `geist` package (through
 * next/font/local), with the same CSS variables, so the app builds anywhere its packages install.
 */
export function useBundledFonts(appDir: string): void {
  const file = path.join(appDir, "src", "app", "layout.tsx");
  const before = fs.readFileSync(file, "utf8");
  const after =
    `import { GeistMono } from "geist/font/mono";\nimport { GeistSans } from "geist/font/sans";\n${before}`
      .replace('import { Geist, Geist_Mono } from "next/font/google";\n', "")
      .replace(/const geistSans = Geist\(\{[^}]*\}\);\n\n/, "")
      .replace(/const geistMono = Geist_Mono\(\{[^}]*\}\);\n\n/, "")
      // One line within the repo's 100 columns, as its formatter writes it.
      .replace(
        /<html\s+lang="en"\s+className=\{`\$\{geistSans\.variable\} \$\{geistMono\.variable\} ([^`]*)`\}\s*>/,
        (_, classes: string) =>
          `<html lang="en" className={\`\${GeistSans.variable} \${GeistMono.variable} ${classes}\`}>`,
      );
  if (/next\/font\/google|geistSans|geistMono/.test(after)) {
    throw new CreateError("STEP_FAILED", `Unexpected font setup in ${file}.`, {
      suggestion: "create-next-app's layout changed: update useBundledFonts for its new layout.",
    });
  }
  fs.writeFileSync(file, after);
  const pkgFile = path.join(appDir, "package.json");
  const pkg = readJson<PackageJson>(pkgFile);
  pkg.dependencies = sortKeys({ ...pkg.dependencies, geist: "catalog:" });
  writeJson(pkgFile, pkg);
}

/** Where the app's settings and secrets go: read by Next.js, Prisma and clerk-sync, never committed. */
export const APP_ENV_FILE = ".env.local";

/**
 * The app's .env.local, written before the generator runs (it never adds to .env a key that
 * .env.local defines): a signing secret of its own so the app verifies signed test events from
 * the first start, the chosen database and Redis, and placeholder Clerk keys to replace with
 * real ones.
 */
export function writeAppEnv(appDir: string, options: CreateOptions): void {
  const lines = [
    "# Clerk Dashboard → Webhooks → your endpoint → Signing Secret. This one was generated for",
    "# local testing: events signed with it (the app's tests, `clerk-sync send`) are accepted.",
    `CLERK_WEBHOOK_SIGNING_SECRET=${generateSigningSecret()}`,
    "",
    `DATABASE_URL=${options.databaseUrl}`,
  ];
  if (options.redisUrl) lines.push(`REDIS_URL=${options.redisUrl}`);
  lines.push(
    "",
    "# Clerk Dashboard → API keys. These placeholders let the app start offline; replace them.",
    `NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=${PLACEHOLDER_PUBLISHABLE_KEY}`,
    `CLERK_SECRET_KEY=${PLACEHOLDER_SECRET_KEY}`,
  );
  writeFile(path.join(appDir, APP_ENV_FILE), `${lines.join("\n")}\n`);
}

/** A Svix signing secret, as Clerk shows them (`whsec_` + base64 of 24 random bytes). */
function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}
