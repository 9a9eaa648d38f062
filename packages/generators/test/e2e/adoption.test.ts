import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRegistry } from "../../../../tooling/registry/src/index";
import { ADOPTION_FIXTURES } from "../adoption/fixtures";
import { AdoptionJourney, formatTable, type Step, startKitRegistry } from "../adoption/journey";

/**
 * The adoption fixtures as a user takes them (the whole table: `pnpm matrix`). Every fixture is
 * generated, generated again with a zero diff, and (but one) installed from the local registry with the command
 * the generator printed, and type-checked; the two ends of the support matrix (Next.js 14.2 with
 * Clerk 5, Next.js 16 with Clerk 7) are also built, started with a pk_live_ placeholder key and
 * called over HTTP. The others install without dependency build scripts and skip the printed
 * migration (no native SQLite build: type-checking needs only the generated client), which keeps
 * this suite's CI time down.
 */
const FULL = ["a-next14-clerk5-protected-list", "g-next16-clerk7-proxy"];
/**
 * (c) is generated twice here (zero diff) but not installed: its install is npm's, like (d)'s,
 * and an npm install that resolves Next.js from a cold cache takes minutes on a small CI machine.
 * `pnpm matrix` takes it through every step.
 */
const GENERATE_ONLY = ["c-next15-clerk6-inverted-matcher"];

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "adoption-e2e-"));
let registry: LocalRegistry;
const journeys: AdoptionJourney[] = [];

beforeAll(async () => {
  registry = await startKitRegistry(workDir);
}, 300_000);

afterAll(async () => {
  if (journeys.length > 0) console.log(formatTable(journeys));
  await registry?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe.each(ADOPTION_FIXTURES)("$label", (fixture) => {
  const full = FULL.includes(fixture.name);
  let journey: AdoptionJourney;

  beforeAll(() => {
    journey = new AdoptionJourney(fixture, registry, workDir, { buildScripts: full });
    journeys.push(journey);
  });
  afterAll(async () => {
    await journey.stop();
  });

  const step = (name: Step, body: () => Promise<void>) =>
    it(name, async () => {
      const ok = await journey.step(name, body);
      expect(journey.results.get(name)?.detail ?? "", `${name} did not run`).toBe("");
      expect(ok).toBe(true);
    });

  step("generate", () => journey.generateAndRecord());
  step("rerun: zero diff", () => journey.rerunChangesNothing());
  if (GENERATE_ONLY.includes(fixture.name)) return;
  step("install (printed command)", () => journey.install());
  step("typecheck", () => journey.typecheck());
  if (!full) return;
  step("next build", () => journey.build());
  step("next start", () => journey.start());
  step("unsigned POST → 400", () => journey.unsignedIsRefused());
  step("signed user.created → 200 + row", () => journey.signedIsSynced());
  step("protected route redirects", () => journey.redirects(fixture.protectedPath));
  step("/api/webhooks-old redirects", () => journey.redirects("/api/webhooks-old"));
});
