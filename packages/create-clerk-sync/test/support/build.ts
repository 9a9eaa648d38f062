import { buildCreatePackage } from "./scaffold.js";

/**
 * Vitest global setup of the end-to-end tests: build the CLI and its kit once, before any test
 * file runs it or packs it (test files run in parallel; none may rebuild under another).
 */
export default async function setup(): Promise<void> {
  await buildCreatePackage();
}
