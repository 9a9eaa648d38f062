// Runs the Prisma CLI for this app: `tsx scripts/prisma.ts <prisma args>`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The environment for the Prisma CLI. Prisma 7 downloads its schema engine on first use; where
 * Prisma's binary server is unreachable, an offline stand-in may be installed beside the
 * repository (`../shared/tools/prisma-schema-engine`), and is used unless
 * PRISMA_SCHEMA_ENGINE_BINARY is set already.
 */
export function prismaEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? "1" };
  if (!out.PRISMA_SCHEMA_ENGINE_BINARY) {
    const engine = path.join(
      APP_DIR,
      "..",
      "..",
      "..",
      "shared",
      "tools",
      "prisma-schema-engine",
      "schema-engine",
    );
    if (fs.existsSync(engine)) out.PRISMA_SCHEMA_ENGINE_BINARY = engine;
  }
  return out;
}

/**
 * Run `prisma ...args` in the app directory; returns its exit status. `quiet` keeps the CLI's
 * output to itself unless the command fails.
 */
export function prisma(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  { quiet = false }: { quiet?: boolean } = {},
): number {
  const bin = path.join(
    APP_DIR,
    "node_modules",
    ".bin",
    process.platform === "win32" ? "prisma.cmd" : "prisma",
  );
  const result = spawnSync(bin, args, {
    cwd: APP_DIR,
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
    env: prismaEnv(env),
  });
  if (result.error) throw result.error;
  if (quiet && result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
  return result.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(prisma(process.argv.slice(2)));
}
