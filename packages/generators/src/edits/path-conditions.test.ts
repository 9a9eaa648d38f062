import { Node, SyntaxKind, ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { renderTemplate } from "../render/template";
import { PathConditions } from "./path-conditions";
import { WEBHOOK_PATH } from "./path-patterns";
import { parseSource } from "./source";

const PATHS = [
  "/api/webhooks",
  "/api/webhooks/",
  "/api/webhooks/clerk",
  "/api/webhooks-old",
  "/api/webhooksx",
  "/api/webhook",
  "/api",
  "/",
];

/** The `if` condition of the first statement of the file's clerkMiddleware handler, per path. */
function readConditionAt(text: string, path: string): boolean | undefined {
  const file = parseSource("proxy.ts", text);
  const middleware = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((c) => c.getExpression().getText() === "clerkMiddleware");
  const handler = middleware?.getArguments()[0];
  if (!Node.isArrowFunction(handler)) throw new Error("no inline handler");
  const first = handler.getBody().asKindOrThrow(SyntaxKind.Block).getStatements()[0];
  if (!Node.isIfStatement(first)) throw new Error("the handler does not start with an if");
  return new PathConditions(file, path, undefined).forHandler(handler).truth(first.getExpression());
}

/** The same condition, run: the file's functions compiled, the handler's `if` evaluated. */
function runConditionAt(text: string, path: string): boolean {
  const file = parseSource("proxy.ts", text);
  const functions = file.getFunctions().map((f) => f.getText());
  const handler = file
    .getDescendantsOfKind(SyntaxKind.ArrowFunction)
    .find((a) => a.getParent()?.getText().startsWith("clerkMiddleware"));
  const first = handler?.getBody().asKindOrThrow(SyntaxKind.Block).getStatements()[0];
  if (!Node.isIfStatement(first)) throw new Error("the handler does not start with an if");
  const source = ts.transpileModule(
    `${functions.join("\n")}\nreturn ${first.getExpression().getText()};`,
    { compilerOptions: { target: ts.ScriptTarget.ES2022 } },
  ).outputText;
  const request = { nextUrl: { pathname: path } };
  return new Function("request", source)(request) as boolean;
}

describe("PathConditions", () => {
  const proxy = renderTemplate("next/proxy.ts.hbs", { webhookPath: WEBHOOK_PATH });

  it("reads the proxy the generator writes as it runs, on every path", () => {
    for (const path of PATHS) {
      expect(readConditionAt(proxy, path), path).toBe(runConditionAt(proxy, path));
    }
  });

  it("the proxy the generator writes protects everything but the route and what is under it", () => {
    const protectedPaths = PATHS.filter((path) => runConditionAt(proxy, path));
    expect(protectedPaths).toEqual([
      "/api/webhooks-old",
      "/api/webhooksx",
      "/api/webhook",
      "/api",
      "/",
    ]);
  });

  it("keeps what is certain through && and ||, and nothing else", () => {
    const text = (condition: string) =>
      `import { clerkMiddleware } from "@clerk/nextjs/server";\nexport default clerkMiddleware(async (auth, request) => {\n  if (${condition}) return;\n});\n`;
    const path = "/api/webhooks";
    expect(readConditionAt(text(`request.nextUrl.pathname === "/" && isDemo()`), path)).toBe(false);
    expect(readConditionAt(text(`isDemo() || request.nextUrl.pathname !== "/"`), path)).toBe(true);
    expect(readConditionAt(text(`isDemo() && request.nextUrl.pathname !== "/"`), path)).toBe(
      undefined,
    );
    expect(readConditionAt(text(`request.url.startsWith("/api/webhooks")`), path)).toBe(undefined);
  });
});
