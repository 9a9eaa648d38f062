// Copies the kit's library, generators and templates into ./kit, the folder this package ships
// (see src/kit-manifest.ts). Part of the build, so a packed tarball always carries the kit as
// it is in this repo.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  ALWAYS_EXCLUDED,
  EXCLUDED_FILE_PATTERN,
  KIT_MANIFEST,
  ROOT_SCRIPTS,
} from "../src/kit-manifest.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(packageDir, "..", "..");
const kitDir = path.join(packageDir, "kit");

fs.rmSync(kitDir, { recursive: true, force: true });
let files = 0;
for (const entry of KIT_MANIFEST) {
  const from = path.join(repoRoot, entry.path);
  if (!fs.existsSync(from)) throw new Error(`The kit needs ${entry.path}, which does not exist.`);
  const excluded = new Set((entry.exclude ?? []).map((rel) => path.join(from, rel)));
  fs.cpSync(from, path.join(kitDir, entry.path), {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      if (excluded.has(source) || ALWAYS_EXCLUDED.includes(name)) return false;
      if (EXCLUDED_FILE_PATTERN.test(name)) return false;
      if (fs.statSync(source).isFile()) files++;
      return true;
    },
  });
}
const readRoot = (file: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, file), "utf8"));
const rootPackage = readRoot("package.json") as {
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const scripts = Object.fromEntries(
  ROOT_SCRIPTS.flatMap((name) => {
    const script = rootPackage.scripts?.[name];
    return script ? [[name, script]] : [];
  }),
);
fs.writeFileSync(
  path.join(kitDir, "root.json"),
  `${JSON.stringify(
    {
      scripts,
      devDependencies: rootPackage.devDependencies ?? {},
      tsconfigBase: readRoot("tsconfig.base.json"),
      biome: readRoot("biome.json"),
    },
    null,
    2,
  )}\n`,
);
console.log(`kit: ${files} files from ${path.relative(process.cwd(), repoRoot) || "."}`);
