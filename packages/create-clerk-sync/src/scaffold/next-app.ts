import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { CreateError } from "../errors.js";
import { readJson } from "./files.js";
import { runOrThrow } from "./run.js";

/**
 * The flags create-next-app runs with: every choice made explicitly, so neither its prompts
 * nor preferences saved by an earlier run of it can change what the new app looks like.
 */
export const CREATE_NEXT_APP_FLAGS = [
  "--ts",
  "--app",
  "--tailwind",
  "--biome",
  "--src-dir",
  "--import-alias",
  "@/*",
  "--no-react-compiler",
  "--no-cache-components",
  "--no-agents-md",
  "--no-agent-feedback",
  "--use-pnpm",
  "--skip-install",
  "--disable-git",
] as const;

const require = createRequire(import.meta.url);

/** The create-next-app this package depends on (pinned), run from disk, not from a registry. */
export function createNextAppBin(): { bin: string; version: string } {
  const manifestPath = require.resolve("create-next-app/package.json");
  const manifest = readJson<{ version: string; bin: Record<string, string> }>(manifestPath);
  const bin = manifest.bin["create-next-app"];
  if (!bin) throw new Error("create-next-app has no create-next-app bin");
  return { bin: path.join(path.dirname(manifestPath), bin), version: manifest.version };
}

/**
 * Create the Next.js app at `appDir` with create-next-app, offline. create-next-app asks the
 * registry whether it is the latest version on every run (through update-check, which caches
 * the answer for a day under the temp dir) and reads and writes preferences under the config
 * dir; both get a private folder here, the update cache already saying "up to date", so the
 * run makes no network request and leaves nothing behind.
 */
export async function createNextApp(appDir: string): Promise<void> {
  const { bin, version } = createNextAppBin();
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "create-clerk-sync-"));
  try {
    const updateCache = path.join(sandbox, "update-check");
    fs.mkdirSync(updateCache);
    fs.writeFileSync(
      path.join(updateCache, "create-next-app-latest.json"),
      JSON.stringify({ latest: version, lastUpdate: Date.now() }),
    );
    fs.mkdirSync(path.dirname(appDir), { recursive: true });
    const output = await runOrThrow(
      "create-next-app",
      process.execPath,
      [bin, path.basename(appDir), ...CREATE_NEXT_APP_FLAGS],
      {
        cwd: path.dirname(appDir),
        env: {
          ...process.env,
          TMPDIR: sandbox,
          TEMP: sandbox,
          TMP: sandbox,
          XDG_CONFIG_HOME: path.join(sandbox, "config"),
          // A CI-looking environment makes create-next-app skip its "recommended defaults?"
          // question even if a flag were ever missing; the flags above already answer it.
          CI: "1",
          NEXT_TELEMETRY_DISABLED: "1",
        },
      },
    );
    if (!fs.existsSync(path.join(appDir, "package.json"))) {
      throw new CreateError("STEP_FAILED", "create-next-app did not create the app.", {
        suggestion: `Its output was:\n${output}`,
      });
    }
  } finally {
    fs.rmSync(sandbox, { recursive: true, force: true });
  }
}
