#!/usr/bin/env node
// Runs the Prisma CLI for this app: `node scripts/prisma.mjs <prisma args>`.
// Prisma 7 downloads its schema engine on first use. On machines that cannot reach Prisma's
// binary server, a stand-in may be installed beside the repository (../shared/tools); use it
// when PRISMA_SCHEMA_ENGINE_BINARY is not set already.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function prismaEnv(env = process.env) {
  const out = { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? "1" };
  if (!out.PRISMA_SCHEMA_ENGINE_BINARY) {
    const repo = path.resolve(appDir, "..", "..");
    const candidate = path.join(
      repo,
      "..",
      "shared",
      "tools",
      "prisma-schema-engine",
      "schema-engine",
    );
    if (fs.existsSync(candidate)) out.PRISMA_SCHEMA_ENGINE_BINARY = candidate;
  }
  return out;
}

/** Run `prisma ...args` in the app directory; returns the exit status. */
export function prisma(args, env = process.env) {
  const bin = path.join(
    appDir,
    "node_modules",
    ".bin",
    process.platform === "win32" ? "prisma.cmd" : "prisma",
  );
  const result = spawnSync(bin, args, { cwd: appDir, stdio: "inherit", env: prismaEnv(env) });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(prisma(process.argv.slice(2)));
}
