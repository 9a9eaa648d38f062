import { describe, expect, it } from "vitest";
import { ensureInstrumentationHook, ensureSweeperStarted } from "./instrumentation";

const SENTRY = `import * as Sentry from "@sentry/nextjs";

export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./sentry.server.config");
  }

  if (process.env.NEXT_RUNTIME === "edge") {
    await import("./sentry.edge.config");
  }
}

export const onRequestError = Sentry.captureRequestError;
`;

describe("ensureSweeperStarted", () => {
  it("adds the sweeper to Sentry's Node.js block, keeping the rest, once", () => {
    const result = ensureSweeperStarted(SENTRY, "instrumentation.ts", "@/lib/clerk-sync");
    expect(result.changed).toBe(true);
    expect(result.content).toBe(
      SENTRY.replace(
        '    await import("./sentry.server.config");\n',
        '    await import("./sentry.server.config");\n    const { clerkSync } = await import("@/lib/clerk-sync");\n    clerkSync.startSweeper();\n',
      ),
    );
    const again = ensureSweeperStarted(result.content, "instrumentation.ts", "@/lib/clerk-sync");
    expect(again.changed).toBe(false);
  });

  it("adds a Node.js block to a register without one, and makes it async", () => {
    const text = `export function register() {\n  console.log("boot");\n}\n`;
    const result = ensureSweeperStarted(text, "instrumentation.ts", "./lib/clerk-sync");
    expect(result.content).toContain("export async function register() {");
    expect(result.content).toContain(
      '  if (process.env.NEXT_RUNTIME === "nodejs") {\n    const { clerkSync } = await import("./lib/clerk-sync");\n    clerkSync.startSweeper();\n  }\n}',
    );
  });

  it("adds register() to a file that has none, in its style", () => {
    const text = `import { registerOTel } from '@vercel/otel'\n\nexport const onRequestError = () => {}\n`;
    const result = ensureSweeperStarted(text, "instrumentation.js", "@/lib/clerk-sync");
    expect(result.content).toContain(
      "export async function register() {\n  if (process.env.NEXT_RUNTIME === 'nodejs') {\n    const { clerkSync } = await import('@/lib/clerk-sync')\n",
    );
  });

  it("warns about a register it cannot edit", () => {
    const text = `import { register } from "./otel";\nexport { register };\n`;
    const result = ensureSweeperStarted(text, "instrumentation.ts", "@/lib/clerk-sync");
    expect(result.changed).toBe(false);
    expect(result.warnings.join(" ")).toContain("start the sweeper there yourself");
  });
});

describe("ensureInstrumentationHook (Next.js 14)", () => {
  it.each([
    [
      "export default an object",
      "const nextConfig = {\n  reactStrictMode: true,\n};\n\nexport default nextConfig;\n",
    ],
    ["module.exports", "module.exports = {\n  reactStrictMode: true,\n};\n"],
    [
      "a wrapper around it",
      'const { withSentryConfig } = require("@sentry/nextjs");\nconst nextConfig = { reactStrictMode: true };\nmodule.exports = withSentryConfig(nextConfig, { silent: true });\n',
    ],
  ])("%s", (_, text) => {
    const result = ensureInstrumentationHook(text, "next.config.js");
    expect(result.changed).toBe(true);
    expect(result.content).toContain("experimental: { instrumentationHook: true }");
    expect(ensureInstrumentationHook(result.content, "next.config.js").changed).toBe(false);
  });

  it("adds to an experimental block, and says what to do when it cannot", () => {
    const text = "export default { experimental: { serverActions: { bodySizeLimit: '2mb' } } };\n";
    const edited = ensureInstrumentationHook(text, "next.config.mjs").content;
    expect(edited).toContain("serverActions: { bodySizeLimit: '2mb' },");
    expect(edited).toMatch(/serverActions[\s\S]*instrumentationHook: true/);
    const dynamic = "export default async () => ({ reactStrictMode: true });\n";
    expect(ensureInstrumentationHook(dynamic, "next.config.mjs").warnings.join(" ")).toContain(
      "set experimental.instrumentationHook to true in next.config.mjs yourself",
    );
  });
});
