import type { Block, ObjectLiteralExpression, SourceFile } from "ts-morph";
import { Node, SyntaxKind } from "../load/lazy";
import type { EditResult } from "./proxy";
import { detectStyle, parseSource, quoted, statement } from "./source";

const NODE_RUNTIME_CHECK = /process\.env\.NEXT_RUNTIME\s*===?\s*["']nodejs["']/;

/**
 * Make an existing `instrumentation.ts` start the kit's sweeper when the server boots, in the
 * Node.js runtime only, keeping everything else (Sentry's or OpenTelemetry's setup) as it is:
 * the two statements go at the end of its `if (process.env.NEXT_RUNTIME === "nodejs")` block,
 * or in a new one at the end of `register()`, which is added when the file has none.
 *
 * @example ensureSweeperStarted(text, "instrumentation.ts", "@/lib/clerk-sync").content
 */
export function ensureSweeperStarted(
  text: string,
  fileName: string,
  configModule: string,
): EditResult {
  const file = parseSource(fileName, text);
  const style = detectStyle(text);
  if (/\bclerkSync\.startSweeper\(\)/.test(text)) {
    return { changed: false, content: text, notes: ["already starts the sweeper."], warnings: [] };
  }
  const lines = [
    statement(`const { clerkSync } = await import(${quoted(configModule, style)});`, style),
    statement("clerkSync.startSweeper();", style),
  ];
  const register = registerBody(file);
  if (register === "unreadable") {
    return {
      changed: false,
      content: text,
      notes: [],
      warnings: [
        `${fileName} exports a register that is not a function declared in it: start the sweeper there yourself (if (process.env.NEXT_RUNTIME === "nodejs") { const { clerkSync } = await import("${configModule}"); clerkSync.startSweeper(); }).`,
      ],
    };
  }
  if (!register) {
    const typed = /\.[cm]?tsx?$/.test(fileName);
    const declaration = [
      "",
      "/** The kit's sweeper picks up pending and due deliveries when the server boots (Node.js only). */",
      `export async function register()${typed ? ": Promise<void>" : ""} {`,
      `${style.indent}if (process.env.NEXT_RUNTIME === ${quoted("nodejs", style)}) {`,
      ...lines.map((l) => `${style.indent}${style.indent}${l}`),
      `${style.indent}}`,
      "}",
      "",
    ].join("\n");
    return {
      changed: true,
      content: `${text.trimEnd()}\n${declaration}`,
      notes: ["added register(), which starts the kit's sweeper in the Node.js runtime."],
      warnings: [],
    };
  }
  const { fn, body } = register;
  if (!fn.isAsync()) fn.setIsAsync(true);
  const nodeBlock = body
    .getStatements()
    .filter(Node.isIfStatement)
    .find((s) => NODE_RUNTIME_CHECK.test(s.getExpression().getText()) && !s.getElseStatement());
  const then = nodeBlock?.getThenStatement();
  if (then && Node.isBlock(then)) {
    then.addStatements(lines);
  } else {
    body.addStatements((writer) => {
      writer.write(`if (process.env.NEXT_RUNTIME === ${quoted("nodejs", style)})`).block(() => {
        for (const line of lines) writer.writeLine(line);
      });
    });
  }
  return {
    changed: true,
    content: file.getFullText(),
    notes: ["register() now also starts the kit's sweeper in the Node.js runtime."],
    warnings: [],
  };
}

type FunctionWithBody = Node & { isAsync(): boolean; setIsAsync(value: boolean): unknown };

/** The exported `register` function's body, undefined when there is none, or "unreadable". */
function registerBody(
  file: SourceFile,
): { fn: FunctionWithBody; body: Block } | undefined | "unreadable" {
  const declared = file.getFunction("register");
  if (declared) {
    const body = declared.getBody();
    return declared.hasExportKeyword() && Node.isBlock(body)
      ? { fn: declared, body }
      : "unreadable";
  }
  const variable = file.getVariableDeclaration("register");
  if (variable) {
    const init = variable.getInitializer();
    if (
      variable.getVariableStatement()?.hasExportKeyword() &&
      (Node.isArrowFunction(init) || Node.isFunctionExpression(init))
    ) {
      const body = init.getBody();
      if (Node.isBlock(body)) return { fn: init, body };
    }
    return "unreadable";
  }
  const exported = file
    .getExportDeclarations()
    .some((d) =>
      d
        .getNamedExports()
        .some((e) => (e.getAliasNode() ?? e.getNameNode()).getText() === "register"),
    );
  return exported ? "unreadable" : undefined;
}

/**
 * Next.js 14 runs `instrumentation.ts` only with `experimental.instrumentationHook: true`: set it
 * in next.config (`module.exports = {…}`, `export default nextConfig`, or a wrapper such as
 * `withSentryConfig(nextConfig, …)` around either), keeping the rest as it is.
 *
 * @example ensureInstrumentationHook(text, "next.config.mjs").content
 */
export function ensureInstrumentationHook(text: string, fileName: string): EditResult {
  const file = parseSource(fileName, text);
  const config = configObject(file);
  const manual = `set experimental.instrumentationHook to true in ${fileName} yourself: Next.js 14 runs instrumentation.ts only then.`;
  if (!config) return { changed: false, content: text, notes: [], warnings: [manual] };
  const experimental = config.getProperty("experimental");
  if (!experimental) {
    config.addPropertyAssignment({
      name: "experimental",
      initializer: `{ instrumentationHook: true }`,
    });
  } else {
    const value = Node.isPropertyAssignment(experimental)
      ? experimental.getInitializer()
      : undefined;
    if (!Node.isObjectLiteralExpression(value)) {
      return { changed: false, content: text, notes: [], warnings: [manual] };
    }
    const hook = value.getProperty("instrumentationHook");
    if (hook) {
      const current = Node.isPropertyAssignment(hook)
        ? hook.getInitializer()?.getText()
        : undefined;
      if (current === "true") {
        return {
          changed: false,
          content: text,
          notes: ["experimental.instrumentationHook is on already."],
          warnings: [],
        };
      }
      return { changed: false, content: text, notes: [], warnings: [manual] };
    }
    value.addPropertyAssignment({ name: "instrumentationHook", initializer: "true" });
  }
  return {
    changed: true,
    content: file.getFullText(),
    notes: ["experimental.instrumentationHook: true, so Next.js 14 runs instrumentation.ts."],
    warnings: [],
  };
}

/** The object literal a next.config exports, through one variable and wrapper calls. */
function configObject(file: SourceFile): ObjectLiteralExpression | undefined {
  let exported: Node | undefined = file
    .getExportAssignment((a) => !a.isExportEquals())
    ?.getExpression();
  if (!exported) {
    for (const assignment of file.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
      if (assignment.getLeft().getText() === "module.exports") exported = assignment.getRight();
    }
  }
  for (let depth = 0; exported && depth < 5; depth++) {
    if (Node.isObjectLiteralExpression(exported)) return exported;
    if (Node.isSatisfiesExpression(exported) || Node.isAsExpression(exported)) {
      exported = exported.getExpression();
    } else if (Node.isIdentifier(exported)) {
      exported = file.getVariableDeclaration(exported.getText())?.getInitializer();
    } else if (Node.isCallExpression(exported)) {
      exported = exported.getArguments()[0];
    } else {
      return undefined;
    }
  }
  return undefined;
}
