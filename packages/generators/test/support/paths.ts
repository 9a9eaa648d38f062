import path from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REPO_ROOT = path.resolve(PACKAGE_DIR, "..", "..");
export const FIXTURES_DIR = path.join(PACKAGE_DIR, "test", "fixtures");
export const WEB_APP_DIR = path.join(REPO_ROOT, "apps", "web");
/** Scratch space of this package's tests (gitignored); kept between runs for the deps cache. */
export const TMP_DIR = path.join(PACKAGE_DIR, ".tmp");
