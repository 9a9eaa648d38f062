import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./paths";

const run = promisify(execFile);

/** The answers, in prompt order: what both CLIs take as positional/named arguments. */
export interface CliAnswers {
  appDir: string;
  groups: string;
  provider?: string;
  queue?: string;
  dryRun?: boolean;
}

const bypass = (a: CliAnswers) => [
  a.appDir,
  a.groups,
  a.provider ?? "auto",
  a.queue ?? "auto",
  a.dryRun ? "y" : "n",
];

/**
 * `pnpm plop webhook-event -- --appDir … --groups …`: the real plop CLI with the repo's plopfile,
 * TypeScript loaded through tsx as the root `plop` script does, stdin closed (no prompt can wait).
 */
export async function runPlop(answers: CliAnswers): Promise<string> {
  const [appDir, groups, provider, queue, dryRun] = bypass(answers);
  const { stdout, stderr } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(REPO_ROOT, "node_modules", "plop", "bin", "plop.js"),
      "--plopfile",
      path.join(REPO_ROOT, "plopfile.ts"),
      "--no-progress",
      "webhook-event",
      "--",
      `--appDir=${appDir}`,
      `--groups=${groups}`,
      `--provider=${provider}`,
      `--queue=${queue}`,
      `--dryRun=${dryRun}`,
    ],
    { cwd: REPO_ROOT, timeout: 180_000 },
  );
  return stdout + stderr;
}

/**
 * `turbo gen webhook-event --args …`: what turbo runs for it — `@turbo/gen raw run --json …`
 * (turbo itself starts it through `pnpm dlx @turbo/gen@<turbo's version>`; this is the same CLI,
 * installed in the repo, so the test needs no registry).
 */
export async function runTurboGen(answers: CliAnswers): Promise<string> {
  const payload = {
    generator_name: "webhook-event",
    config: null,
    root: null,
    args: bypass(answers),
  };
  const { stdout, stderr } = await run(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules", "@turbo", "gen", "dist", "cli.js"),
      "raw",
      "run",
      "--json",
      JSON.stringify(payload),
    ],
    { cwd: REPO_ROOT, timeout: 300_000 },
  );
  return stdout + stderr;
}
