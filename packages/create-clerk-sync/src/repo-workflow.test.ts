import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { validateWorkflow } from "../test/support/actions.js";

// This repo's own CI on GitHub Actions (the new repos' workflow is checked with the scaffold).
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const workflowFile = path.join(repoRoot, ".github", "workflows", "ci.yml");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

describe("this repo's GitHub Actions workflow", () => {
  it("is a valid workflow (action-validator)", async () => {
    const result = await validateWorkflow(workflowFile);
    expect(result.code, result.output).toBe(0);
  }, 60_000);

  it("runs what .ci/run runs, with PostgreSQL, Redis and Chromium provided the GitHub way", () => {
    // .ci/run provides the services, then runs the README's test command.
    const ciRun = fs.readFileSync(path.join(repoRoot, ".ci", "run"), "utf8");
    expect(ciRun).toMatch(/^npm test$/m);
    const workflow = parseYaml(fs.readFileSync(workflowFile, "utf8")) as {
      jobs: Record<string, { services?: Record<string, { image: string }>; steps: Step[] }>;
    };
    const [job] = Object.values(workflow.jobs);
    expect(
      Object.values(job?.services ?? {}).map((service) => service.image.split(":")[0]),
    ).toEqual(["postgres", "redis"]);
    const steps = job?.steps ?? [];
    const test = steps.find((step) => step.run === "npm test");
    expect(test?.env?.CHROMIUM_PATH).toMatch(/steps\.chrome\.outputs\.chrome-path/);
    expect(steps.some((step) => step.uses?.startsWith("browser-actions/setup-chrome@"))).toBe(true);
    const node = steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(node?.with?.["node-version-file"]).toBe(".nvmrc");
    expect(fs.existsSync(path.join(repoRoot, ".nvmrc"))).toBe(true);
  });
});
