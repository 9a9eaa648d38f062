// Copies the kit's library, generators and templates into ./kit, the folder this package ships
// (see src/kit-manifest.ts). Part of the build, so a packed tarball always carries the kit as
// it is in this repo.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assembleKit } from "../src/kit-manifest.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(packageDir, "..", "..");
const files = assembleKit(repoRoot, path.join(packageDir, "kit"));
console.log(`kit: ${files} files from ${path.relative(process.cwd(), repoRoot) || "."}`);
