import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { createJiti } from "jiti";
import type { ClerkSync } from "../client.js";
import { describeError } from "../errors/index.js";
import { CliError } from "./errors.js";
import type { CliIo } from "./io.js";

/** Where the generators put the kit's configuration, tried when `--config` is not given. */
const CONVENTIONAL_PATHS = [
  "src/lib/clerk-sync.ts",
  "lib/clerk-sync.ts",
  "src/lib/clerk-sync.js",
  "lib/clerk-sync.js",
];

/**
 * Loaded by Node itself, never through jiti: jiti's interop changes what their `require` calls
 * return (Prisma's runtime then fails while formatting its own errors, hiding error codes such
 * as P2002), and they need no transpiling.
 */
const NATIVE_MODULES = [
  "@prisma/client",
  "@prisma/adapter-better-sqlite3",
  "@prisma/adapter-pg",
  "@prisma/adapter-libsql",
  "@prisma/adapter-neon",
  "@prisma/driver-adapter-utils",
  "@acme/clerk-sync",
  "better-sqlite3",
  "pg",
  "bullmq",
  "ioredis",
  "svix",
];

export interface LoadedConfig {
  clerkSync: ClerkSync;
  /** The module, absolute. */
  file: string;
  /** The `.env` files read, relative to the app's root. */
  envFiles: string[];
  /** The app's directory: the nearest one above the module with a package.json. */
  root: string;
}

/**
 * Load the app's module that exports `clerkSync` (TypeScript included, with the app's tsconfig
 * `paths` such as `@/*`), after reading the app's `.env` files the way Next.js does.
 */
export async function loadClerkSync(
  config: string | undefined,
  io: CliIo,
  options: { envFiles?: string[] } = {},
): Promise<LoadedConfig> {
  const file = resolveConfigFile(config, io.cwd);
  const root = appRoot(file);
  const envFiles = loadEnvFiles(root, io, options.envFiles);
  const tsconfig = findUp(path.dirname(file), "tsconfig.json", root);
  const jiti = createJiti(file, {
    tsconfigPaths: tsconfig ?? false,
    interopDefault: true,
    nativeModules: NATIVE_MODULES,
  });
  let module: Record<string, unknown>;
  try {
    module = (await jiti.import(file)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(
      "CONFIG_LOAD_FAILED",
      `${relative(io, file)} failed to load: ${describeError(error)}`,
      {
        cause: error,
        suggestion:
          "Check that it runs outside Next.js too: the variables it reads (DATABASE_URL, REDIS_URL, …) are set or in .env, and it imports nothing from next/* or React.",
      },
    );
  }
  const clerkSync = [module.clerkSync, module.default].find(isClerkSync);
  if (!clerkSync) {
    const names = Object.keys(module).filter((name) => name !== "__esModule");
    throw new CliError(
      "CONFIG_NO_CLERK_SYNC",
      `${relative(io, file)} does not export clerkSync (it exports ${names.length > 0 ? names.join(", ") : "nothing"}).`,
      {
        suggestion:
          'Export the configured kit from it: export const clerkSync = createClerkSync({ prisma, handlers, queue: bullmqQueue(...) }), with createClerkSync from "@acme/clerk-sync".',
      },
    );
  }
  return { clerkSync, file, envFiles, root };
}

/**
 * Read the `.env` files of the app the command runs in (the nearest directory above the
 * current one with a package.json), or the files given, as `loadClerkSync` does.
 */
export function loadAppEnv(io: CliIo, explicit?: string[]): string[] {
  const manifest = findUp(io.cwd, "package.json");
  return loadEnvFiles(manifest ? path.dirname(manifest) : io.cwd, io, explicit);
}

function resolveConfigFile(config: string | undefined, cwd: string): string {
  if (config) {
    const file = path.resolve(cwd, config);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
    throw new CliError("CONFIG_NOT_FOUND", `No file at ${file}.`, {
      exitCode: 2,
      suggestion:
        "Pass the module that exports clerkSync, relative to where you run the command, e.g. --config src/lib/clerk-sync.ts.",
    });
  }
  for (const candidate of CONVENTIONAL_PATHS) {
    const file = path.join(cwd, candidate);
    if (fs.existsSync(file)) return file;
  }
  throw new CliError(
    "CONFIG_NOT_FOUND",
    `No --config given, and none of ${CONVENTIONAL_PATHS.join(", ")} exists in ${cwd}.`,
    {
      exitCode: 2,
      suggestion:
        "Run the command in the app's directory, or pass --config <module that exports clerkSync>.",
    },
  );
}

/** The app's directory: the nearest one above the module with a package.json. */
function appRoot(file: string): string {
  const manifest = findUp(path.dirname(file), "package.json");
  return manifest ? path.dirname(manifest) : path.dirname(file);
}

/**
 * Next.js's order: `.env.$NODE_ENV.local`, `.env.local` (not in tests), `.env.$NODE_ENV`, `.env`.
 * A variable already set (in the shell, or by an earlier file) is never overwritten.
 */
function loadEnvFiles(root: string, io: CliIo, explicit: string[] | undefined): string[] {
  const mode = io.env.NODE_ENV ?? "development";
  const files = explicit?.length
    ? explicit.map((file) => path.resolve(io.cwd, file))
    : [`.env.${mode}.local`, ...(mode === "test" ? [] : [".env.local"]), `.env.${mode}`, ".env"]
        .map((name) => path.join(root, name))
        .filter((file) => fs.existsSync(file));
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      throw new CliError("CONFIG_NOT_FOUND", `Cannot read ${file}: ${describeError(error)}.`, {
        exitCode: 2,
        suggestion: "Check the path given to --env-file.",
      });
    }
    for (const [key, value] of Object.entries(parseEnv(text))) {
      if (io.env[key] === undefined) io.env[key] = value;
    }
  }
  return files.map((file) => path.relative(root, file) || file);
}

function findUp(from: string, name: string, stopAt?: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || dir === stopAt) return undefined;
    dir = parent;
  }
}

function isClerkSync(value: unknown): value is ClerkSync {
  const candidate = value as Partial<ClerkSync> | undefined;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.handleRequest === "function" &&
    typeof candidate.sweep === "function" &&
    typeof candidate.replay === "function" &&
    typeof candidate.close === "function" &&
    typeof candidate.queue === "object"
  );
}

function relative(io: CliIo, file: string): string {
  return path.relative(io.cwd, file) || file;
}
