// The whole matrix, {SQLite, PostgreSQL} × {inline, BullMQ} × {default groups, all groups}, through
// the real `pnpm create` path: pack this package, serve it from a registry on localhost, create
// each variant with `pnpm create @acme/clerk-sync`, then build it, run its own tests, migrate,
// start it (and its worker) and POST a signed user.created that must land in its database.
// Also measures the scaffold without and with install. One variant at a time (the machine is
// shared); `--only <name>` runs some, e.g. --only sqlite-inline-default,postgresql-bullmq-all.
//
//   pnpm --filter @acme/create-clerk-sync matrix [--only a,b] [--keep]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  addGroupWithPlop,
  MATRIX,
  pnpmCreate,
  publishCreatePackage,
  type VerifyReport,
  variantFlags,
  variantName,
  verifyScaffold,
} from "../test/support/scaffold.js";

const { values } = parseArgs({
  options: { only: { type: "string" }, keep: { type: "boolean", default: false } },
});
const only = values.only?.split(",").map((name) => name.trim());
const variants = MATRIX.filter((variant) => !only || only.includes(variantName(variant)));
if (variants.length === 0) {
  console.error(
    `No variant matches --only ${values.only}; variants: ${MATRIX.map(variantName).join(", ")}`,
  );
  process.exit(2);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const published = await publishCreatePackage();
const log = path.join(published.workDir, "matrix.log");
console.log(`Registry ${published.registry.url}, work in ${published.workDir}, log ${log}\n`);

interface Row {
  name: string;
  ok: boolean;
  createMs?: number;
  generateMs?: number;
  installMs?: number;
  report?: VerifyReport;
  error?: string;
}
const rows: Row[] = [];

try {
  // Scaffold time without install, through `pnpm create` (the first call also fetches and
  // installs the create package itself into pnpm's dlx cache, so it runs twice).
  const timingDir = path.join(published.workDir, "timing");
  fs.mkdirSync(timingDir);
  const noInstall: number[] = [];
  for (const name of ["warmup", "no-install"]) {
    const result = await pnpmCreate(
      published,
      timingDir,
      [name, "--yes", "--no-install", "--no-git"],
      {
        log,
      },
    );
    if (result.code !== 0) throw new Error(`pnpm create --no-install failed:\n${result.output}`);
    noInstall.push(result.ms);
  }
  console.log(
    `pnpm create --no-install: ${seconds(noInstall[0] ?? 0)} (first, fetching the create package), ${seconds(noInstall[1] ?? 0)} (cached)\n`,
  );

  for (const variant of variants) {
    const name = variantName(variant);
    const row: Row = { name, ok: false };
    rows.push(row);
    const cwd = path.join(published.workDir, "repos");
    fs.mkdirSync(cwd, { recursive: true });
    process.stdout.write(`${name}: create`);
    try {
      const created = await pnpmCreate(published, cwd, [name, ...variantFlags(variant)], { log });
      if (created.code !== 0) throw new Error(`pnpm create exited with ${created.code}`);
      row.createMs = created.ms;
      const timing = /in ([\d.]+)s \(\+ ([\d.]+)s installing\)/.exec(created.output);
      row.generateMs = Number(timing?.[1]) * 1000;
      row.installMs = Number(timing?.[2]) * 1000;
      const root = path.join(cwd, name);
      row.report = await verifyScaffold(root, variant, log, (stage) =>
        process.stdout.write(` → ${stage}`),
      );
      process.stdout.write(" → plop webhook-event");
      await addGroupWithPlop(root, log);
      if (!fs.existsSync(path.join(root, "apps/web/src/webhooks/session.ts"))) {
        throw new Error("pnpm plop webhook-event --groups=session wrote no session hooks");
      }
      row.ok = true;
      console.log(" ✔");
    } catch (error) {
      row.error = error instanceof Error ? error.message : String(error);
      console.log(` ✖ ${row.error}`);
    }
  }
} finally {
  await published.close();
}

console.log(
  "\nvariant                     create+install  (generate / install)  build   tests        migrate  POST→row",
);
for (const row of rows) {
  const r = row.report;
  console.log(
    [
      row.name.padEnd(27),
      (row.createMs ? seconds(row.createMs) : "-").padEnd(15),
      (row.generateMs ? `${seconds(row.generateMs)} / ${seconds(row.installMs ?? 0)}` : "-").padEnd(
        21,
      ),
      (r ? seconds(r.buildMs) : "-").padEnd(7),
      (r ? `${r.testsPassed} passed` : "-").padEnd(12),
      (r ? seconds(r.migrateMs) : "-").padEnd(8),
      r ? `${r.status} in ${(r.deliveredMs / 1000).toFixed(2)}s` : row.error ? "FAILED" : "-",
    ].join(" "),
  );
}
const failed = rows.filter((row) => !row.ok).length;
console.log(`\n${rows.length - failed} passed, ${failed} failed`);
if (failed === 0 && !values.keep) fs.rmSync(published.workDir, { recursive: true, force: true });
else console.log(`Kept ${published.workDir} (the repos and matrix.log)`);
process.exitCode = failed === 0 ? 0 : 1;
