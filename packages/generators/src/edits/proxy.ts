import type {
  ArrayLiteralExpression,
  ArrowFunction,
  FunctionDeclaration,
  FunctionExpression,
  SourceFile,
} from "ts-morph";
import { Node, SyntaxKind } from "../load/lazy";
import { LINE_WIDTH } from "../render/layout";
import { type HandlerConditions, PathConditions } from "./path-conditions";
import { patternMatches, WEBHOOK_PATH, webhookPatterns } from "./path-patterns";
import {
  type CodeStyle,
  detectStyle,
  insertArrayElement,
  parseSource,
  quoted,
  statement,
} from "./source";

const CLERK_SERVER = "@clerk/nextjs/server";
/** The path test the generator adds when the handler needs an explicit exemption. */
const EXEMPTION_NAME = "isClerkWebhookRoute";

/** The outcome of one file edit: the new text, and what was done or found. */
export interface EditResult {
  changed: boolean;
  content: string;
  /** What changed (or why nothing had to), one short sentence each. */
  notes: string[];
  /** What the user has to look at themselves. */
  warnings: string[];
}

type Handler = ArrowFunction | FunctionExpression | FunctionDeclaration;

export interface ProxyEditOptions {
  /** The webhook route's path. Default `/api/webhooks`. */
  path?: string;
}

/** What the edit works with: the file, its style, the route's path, and what it reports. */
interface EditContext {
  file: SourceFile;
  style: CodeStyle;
  fileName: string;
  path: string;
  notes: string[];
  warnings: string[];
}

/**
 * Make sure Clerk's webhooks reach `/api/webhooks` (and what is under it, nothing else) through
 * an existing `proxy.ts`/`middleware.ts` without a session, editing its syntax tree and keeping
 * everything else as it is:
 * - `clerkMiddleware()` without a handler protects nothing: nothing to do;
 * - a check already true for the route itself (`if (!isPublicRoute(…)) await auth.protect()`,
 *   `if (…) return;`; path tests, local helpers and `createRouteMatcher` lists are read for
 *   the route's path, not by name): nothing to do;
 * - a `createRouteMatcher` public-routes list (`if (!isPublicRoute(req)) …`) gets
 *   `"/api/webhooks"` and `"/api/webhooks/(.*)"` (never `"/api/webhooks(.*)"`, which would make
 *   `/api/webhooks-old` public too);
 * - a handler that only protects routes other than the webhook path: nothing to do;
 * - any other handler (protect by default, custom logic, an inverted list), and a middleware of
 *   the app's own that does not use Clerk, keeps its logic and gets a path test for the webhook
 *   route (`isClerkWebhookRoute`) and an early return for it;
 * - a `config.matcher` that would not run the proxy on the route gets the route's patterns.
 *
 * @example
 * ensureWebhookRoutePublic(fs.readFileSync("src/proxy.ts", "utf8"), "proxy.ts").content
 */
export function ensureWebhookRoutePublic(
  text: string,
  fileName: string,
  options: ProxyEditOptions = {},
): EditResult {
  const ctx: EditContext = {
    file: parseSource(fileName, text),
    style: detectStyle(text),
    fileName,
    path: options.path ?? WEBHOOK_PATH,
    notes: [],
    warnings: [],
  };
  const { file, notes, warnings } = ctx;

  const clerkImport = file
    .getImportDeclarations()
    .find((d) => d.getModuleSpecifierValue() === CLERK_SERVER);
  const localName = (name: string) => {
    const named = clerkImport?.getNamedImports().find((n) => n.getName() === name);
    return named ? (named.getAliasNode()?.getText() ?? name) : undefined;
  };
  const middlewareName = localName("clerkMiddleware");
  const middlewareCall = middlewareName
    ? file
        .getDescendantsOfKind(SyntaxKind.CallExpression)
        .find((c) => c.getExpression().getText() === middlewareName)
    : undefined;
  if (middlewareCall) {
    exemptInClerkHandler(ctx, resolveHandler(file, middlewareCall.getArguments()[0]));
  } else {
    const own = ownMiddleware(file);
    if (!own) {
      warnings.push(
        `${fileName} has no clerkMiddleware and no middleware function the generator can read: make sure it lets ${ctx.path} through without a session.`,
      );
      return { changed: false, content: text, notes, warnings };
    }
    exemptInOwnMiddleware(ctx, own);
  }
  fixMatcher(ctx);

  const content = file.getFullText();
  return { changed: content !== text, content, notes, warnings };
}

function exemptInClerkHandler(ctx: EditContext, handler: Handler | undefined): void {
  const { file, notes } = ctx;
  if (!handler) {
    notes.push(`clerkMiddleware() has no handler, so it protects no route: ${ctx.path} is public.`);
    return;
  }
  const factory = routeMatcherFactory(file);
  // Every check is read for a request to the route itself: `/api/webhooks-old(.*)` or
  // `startsWith("/api/webhooks-")` in a public list do not make /api/webhooks public.
  const conditions = new PathConditions(file, ctx.path, factory).forHandler(handler);

  const exemption = findExemption(handler, conditions);
  if (exemption) {
    notes.push(`${ctx.path} is already public through ${exemption}.`);
    return;
  }

  const publicList = findPublicRouteList(file, handler, factory);
  if (publicList) {
    const listed = new Set(
      publicList.list
        .getElements()
        .filter((e) => Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e))
        .map((e) => (e as unknown as { getLiteralValue(): string }).getLiteralValue()),
    );
    const added = webhookPatterns(ctx.path).filter((p) => !listed.has(p));
    const list = publicList.list;
    if (!list.getText().includes("\n")) {
      // A one-line list stays on one line if it fits, else gets one entry per line.
      const elements = [
        ...list.getElements().map((e) => e.getText()),
        ...added.map((p) => quoted(p, ctx.style)),
      ];
      const statement = list.getFirstAncestor((a) => Node.isVariableStatement(a)) ?? list;
      const indent = statement.getIndentationText();
      const oneLine = `[${elements.join(", ")}]`;
      const firstLine = (statement.getText().split("\n")[0] ?? "").replace(list.getText(), oneLine);
      // Replaced as plain text: replaceWithText would indent the new lines once more.
      ctx.file.replaceText(
        [list.getStart(), list.getEnd()],
        indent.length + firstLine.length <= LINE_WIDTH
          ? oneLine
          : `[\n${elements.map((e) => `${indent}${ctx.style.indent}${e},`).join("\n")}\n${indent}]`,
      );
      notes.push(
        `added ${added.map((p) => `"${p}"`).join(" and ")} to the public routes of ${publicList.name} (the route and what is under it, no sibling).`,
      );
      return;
    }
    for (const pattern of added) {
      // Each insertion replaces the list's nodes: look it up again from its declaration.
      const init = file.getVariableDeclaration(publicList.name)?.getInitializer();
      const list = Node.isCallExpression(init) ? init.getArguments()[0] : undefined;
      if (!Node.isArrayLiteralExpression(list)) break;
      insertArrayElement(list, list.getElements().length, quoted(pattern, ctx.style));
    }
    notes.push(
      `added ${added.map((p) => `"${p}"`).join(" and ")} to the public routes of ${publicList.name} (the route and what is under it, no sibling).`,
    );
    return;
  }

  if (protectsOnlyOtherRoutes(handler, conditions)) {
    notes.push(`the handler protects only listed routes, and ${ctx.path} is not one of them.`);
    return;
  }

  const name = addExemption(ctx, handler, 1);
  notes.push(`the handler keeps its logic; ${name} now lets ${ctx.path} through before it.`);
}

/**
 * A middleware of the app's own (no Clerk): it may redirect or rewrite any request, so the route
 * gets the same early return unless a check already lets it through.
 */
function exemptInOwnMiddleware(ctx: EditContext, handler: Handler): void {
  const conditions = new PathConditions(ctx.file, ctx.path, undefined).forHandler(handler, 0);
  const exemption = findExemption(handler, conditions);
  if (exemption) {
    ctx.notes.push(`${ctx.path} is already let through by ${exemption}.`);
    return;
  }
  const name = addExemption(ctx, handler, 0);
  ctx.notes.push(
    `the middleware (no Clerk) keeps its logic; ${name} now lets ${ctx.path} through before it.`,
  );
}

/**
 * The function Next.js runs: `export default function …`, `export function middleware` (or
 * `proxy` on Next.js 16), or such a `const`, declared in this file.
 */
function ownMiddleware(file: SourceFile): Handler | undefined {
  for (const name of ["middleware", "proxy"]) {
    const declared = file.getFunction(name);
    if (declared?.hasExportKeyword()) return declared;
    const variable = file.getVariableDeclaration(name);
    if (variable?.getVariableStatement()?.hasExportKeyword()) {
      const init = variable.getInitializer();
      if (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) return init;
    }
  }
  // `export default function …`, or `export default <name or function>` (read syntactically:
  // the type checker would load the whole standard library).
  const declared = file.getFunctions().find((f) => f.hasDefaultKeyword());
  if (declared) return declared;
  const assignment = file.getExportAssignment((a) => !a.isExportEquals());
  return assignment ? resolveHandler(file, assignment.getExpression()) : undefined;
}

/** The handler passed to clerkMiddleware: inline, or a function declared in the same file. */
function resolveHandler(file: SourceFile, arg: Node | undefined): Handler | undefined {
  if (!arg) return undefined;
  if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) return arg;
  if (Node.isIdentifier(arg)) {
    const name = arg.getText();
    const declared = file.getFunction(name);
    if (declared) return declared;
    const initializer = file.getVariableDeclaration(name)?.getInitializer();
    if (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) {
      return initializer;
    }
  }
  return undefined;
}

/** The local name of `createRouteMatcher`, when the file imports it. */
function routeMatcherFactory(file: SourceFile): string | undefined {
  const named = file
    .getImportDeclarations()
    .find((d) => d.getModuleSpecifierValue() === CLERK_SERVER)
    ?.getNamedImports()
    .find((n) => n.getName() === "createRouteMatcher");
  return named ? (named.getAliasNode()?.getText() ?? named.getName()) : undefined;
}

/**
 * What already lets a request to the webhook route past the handler: a check it negates
 * (`if (!isPublicRoute(…)) await auth.protect()`) or an early return (`if (…) return;`) that is
 * true for that path. Its name (or text), or undefined.
 */
function findExemption(handler: Handler, conditions: HandlerConditions): string | undefined {
  for (const node of handler.getDescendants()) {
    if (ownerOf(node) !== handler) continue;
    if (
      Node.isPrefixUnaryExpression(node) &&
      node.getOperatorToken() === SyntaxKind.ExclamationToken
    ) {
      const operand = unwrap(node.getOperand());
      if (conditions.truth(operand) === true) return describe(operand);
    }
    if (Node.isIfStatement(node)) {
      const then = node.getThenStatement();
      const first = Node.isBlock(then) ? then.getStatements()[0] : then;
      if (Node.isReturnStatement(first) && conditions.truth(node.getExpression()) === true) {
        return describe(unwrap(node.getExpression()));
      }
    }
  }
  return undefined;
}

/** A `createRouteMatcher([...])` list the handler uses as its public routes (`!isPublic(req)`). */
function findPublicRouteList(
  file: SourceFile,
  handler: Handler,
  factory: string | undefined,
): { name: string; list: ArrayLiteralExpression } | undefined {
  if (!factory) return undefined;
  for (const call of handler.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isIdentifier(callee) || ownerOf(call) !== handler) continue;
    let node: Node = call;
    while (Node.isParenthesizedExpression(node.getParent())) node = node.getParentOrThrow();
    const parent = node.getParent();
    const negated =
      Node.isPrefixUnaryExpression(parent) &&
      parent.getOperatorToken() === SyntaxKind.ExclamationToken;
    if (!negated) continue;
    const init = file.getVariableDeclaration(callee.getText())?.getInitializer();
    if (!Node.isCallExpression(init) || init.getExpression().getText() !== factory) continue;
    const list = init.getArguments()[0];
    if (Node.isArrayLiteralExpression(list)) return { name: callee.getText(), list };
  }
  return undefined;
}

/**
 * `if (isProtectedRoute(req)) await auth.protect();` and nothing else: every statement of the
 * handler is an `if` that is false for the webhook path, so nothing in it runs there.
 */
function protectsOnlyOtherRoutes(handler: Handler, conditions: HandlerConditions): boolean {
  const body = handler.getBody();
  if (!Node.isBlock(body)) return false;
  return body
    .getStatements()
    .every(
      (s) =>
        Node.isIfStatement(s) &&
        !s.getElseStatement() &&
        conditions.truth(s.getExpression()) === false,
    );
}

/** The function a node's code runs in: checks inside callbacks run for other inputs. */
function ownerOf(node: Node): Node | undefined {
  return node.getFirstAncestor(
    (a) =>
      Node.isArrowFunction(a) ||
      Node.isFunctionExpression(a) ||
      Node.isFunctionDeclaration(a) ||
      Node.isMethodDeclaration(a),
  );
}

function unwrap(node: Node): Node {
  return Node.isParenthesizedExpression(node) ? unwrap(node.getExpression()) : node;
}

/** A check, as a note names it: its function, or its (shortened) text. */
function describe(node: Node): string {
  if (Node.isCallExpression(node) && Node.isIdentifier(node.getExpression())) {
    return node.getExpression().getText();
  }
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Declare a path test for the webhook route and return early for it at the top of the handler.
 * A plain test on `request.nextUrl.pathname`, not `createRouteMatcher` (deprecated in
 * @clerk/nextjs 7.9). `requestIndex` is where the request is among the handler's parameters (1
 * for clerkMiddleware's `(auth, request)`, 0 for a plain middleware). Returns the name declared.
 */
function addExemption(ctx: EditContext, handler: Handler, requestIndex: number): string {
  const { file, style } = ctx;
  const name = freeName(file, EXEMPTION_NAME);
  const params = handler.getParameters();
  if (requestIndex === 1 && params.length === 0) handler.addParameter({ name: "_auth" });
  if (params.length <= requestIndex) handler.addParameter({ name: "request" });
  const requestName = handler.getParameters()[requestIndex]?.getNameNode();
  let pathname = `${requestName?.getText() ?? "request"}.nextUrl.pathname`;
  if (Node.isObjectBindingPattern(requestName)) {
    // `(auth, { nextUrl })`: the path is still at hand.
    const nextUrl = requestName
      .getElements()
      .find((e) => (e.getPropertyNameNode() ?? e.getNameNode()).getText() === "nextUrl");
    const local = nextUrl?.getNameNode();
    if (nextUrl && !nextUrl.getInitializer() && Node.isIdentifier(local)) {
      pathname = `${local.getText()}.pathname`;
    } else {
      ctx.warnings.push(
        `the middleware's request parameter is destructured: check the ${name} guard.`,
      );
    }
  }

  // A plain middleware answers with a response where it has one at hand; `return;` lets the
  // request through too, on every Next.js version.
  const nextResponse =
    requestIndex === 0 ? importedName(file, "next/server", "NextResponse") : undefined;
  const pass = nextResponse ? `return ${nextResponse}.next();` : "return;";
  const guard = statement(`if (${name}(${pathname})) ${pass}`, style);
  const body = handler.getBody();
  if (Node.isBlock(body)) {
    body.insertStatements(0, guard);
  } else if (body) {
    body.replaceWithText(`{\n${style.indent}${guard}\n${style.indent}return ${body.getText()};\n}`);
  }

  const typed = /\.[cm]?tsx?$/.test(ctx.fileName);
  const route = quoted(ctx.path, style);
  const under = quoted(`${ctx.path}/`, style);
  const declaration = [
    `/** Clerk's webhooks must reach ${ctx.path} and what is under it without a session. */`,
    `function ${name}(pathname${typed ? ": string" : ""})${typed ? ": boolean" : ""} {`,
    `${style.indent}${statement(`return pathname === ${route} || pathname.startsWith(${under});`, style)}`,
    "}",
  ].join("\n");
  const lastImport = file.getImportDeclarations().at(-1);
  if (lastImport) file.insertText(lastImport.getEnd(), `\n\n${declaration}`);
  else file.insertText(0, `${declaration}\n\n`);
  return name;
}

/** The local name under which `file` imports `name` from `module`, if it does. */
function importedName(file: SourceFile, module: string, name: string): string | undefined {
  const named = file
    .getImportDeclarations()
    .find((d) => d.getModuleSpecifierValue() === module)
    ?.getNamedImports()
    .find((n) => n.getName() === name && !n.isTypeOnly());
  if (!named || named.getImportDeclaration().isTypeOnly()) return undefined;
  return named.getAliasNode()?.getText() ?? name;
}

/** `base`, or `base2`, `base3`… when the file already uses that name. */
function freeName(file: SourceFile, base: string): string {
  const used = new Set(file.getDescendantsOfKind(SyntaxKind.Identifier).map((i) => i.getText()));
  let name = base;
  for (let n = 2; used.has(name); n += 1) name = `${base}${n}`;
  return name;
}

/**
 * `config.matcher`: when none of its patterns runs the proxy on the route (a list that skips
 * `/api`, say), add the route's patterns so the exemption above is what decides.
 */
function fixMatcher(ctx: EditContext): void {
  const { file, style, notes, warnings } = ctx;
  const config = file.getVariableDeclaration("config");
  if (!config) return;
  const object = config.getInitializer();
  if (!Node.isObjectLiteralExpression(object)) return;
  const property = object.getProperty("matcher");
  if (!property) return;
  const unreadable = `could not read config.matcher: make sure it runs the proxy on ${ctx.path}.`;
  if (!Node.isPropertyAssignment(property)) {
    warnings.push(unreadable);
    return;
  }
  const value = property.getInitializer();
  const entries = Node.isArrayLiteralExpression(value) ? value.getElements() : value ? [value] : [];
  const sources: string[] = [];
  let conditional = false;
  for (const entry of entries) {
    if (Node.isStringLiteral(entry) || Node.isNoSubstitutionTemplateLiteral(entry)) {
      sources.push(entry.getLiteralValue());
    } else if (Node.isObjectLiteralExpression(entry)) {
      const source = entry.getProperty("source");
      const literal = Node.isPropertyAssignment(source) ? source.getInitializer() : undefined;
      if (!Node.isStringLiteral(literal)) {
        warnings.push(unreadable);
        return;
      }
      if (entry.getProperty("has") || entry.getProperty("missing")) conditional = true;
      sources.push(literal.getLiteralValue());
    } else {
      warnings.push(unreadable);
      return;
    }
  }
  if (sources.some((s) => patternMatches(s, ctx.path))) {
    if (conditional) {
      warnings.push(
        `config.matcher has has/missing conditions: make sure they let the proxy run on ${ctx.path}.`,
      );
    }
    return;
  }
  const patterns = webhookPatterns(ctx.path);
  const elements = patterns.map((p) => quoted(p, style));
  if (Node.isArrayLiteralExpression(value)) {
    for (const element of elements) {
      // Each insertion replaces the nodes: look the list up again from the file.
      const list = file
        .getVariableDeclaration("config")
        ?.getInitializerIfKind(SyntaxKind.ObjectLiteralExpression)
        ?.getProperty("matcher")
        ?.getFirstChildByKind(SyntaxKind.ArrayLiteralExpression);
      if (list) insertArrayElement(list, list.getElements().length, element);
    }
  } else if (value) {
    value.replaceWithText(`[${[value.getText(), ...elements].join(", ")}]`);
  }
  notes.push(
    `config.matcher did not run the proxy on ${ctx.path}; added ${patterns.map((p) => `"${p}"`).join(" and ")} to it.`,
  );
}
