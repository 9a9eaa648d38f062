import path from "node:path";
import { fileURLToPath } from "node:url";

/** The one folder every generator entry point (plop, turbo gen, create) renders from. */
export const TEMPLATES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "templates",
);
