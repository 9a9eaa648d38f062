import {
  type ArrayLiteralExpression,
  type ArrowFunction,
  type CallExpression,
  type FunctionDeclaration,
  type FunctionExpression,
  Node,
  type SourceFile,
  SyntaxKind,
} from "ts-morph";
import { type HandlerConditions, PathConditions } from "./path-conditions.js";
import { patternMatches, WEBHOOK_PATH, WEBHOOK_PATTERN } from "./path-patterns.js";
import {
  type CodeStyle,
  detectStyle,
  insertArrayElement,
  parseSource,
  quoted,
  statement,
} from "./source.js";

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

/**
 * Make sure Clerk's webhooks reach `/api/webhooks` through an existing `proxy.ts`/`middleware.ts`
 * without a session, editing its syntax tree and keeping everything else as it is:
 * - `clerkMiddleware()` without a handler protects nothing: nothing to do;
 * - a check already true for the route itself (`if (!isPublicRoute(…)) await auth.protect()`,
 *   `if (…) return;`; path tests, local helpers and `createRouteMatcher` lists are read for
 *   `/api/webhooks`, not by name): nothing to do;
 * - a `createRouteMatcher` public-routes list (`if (!isPublicRoute(req)) …`) gets
 *   `"/api/webhooks(.*)"` once;
 * - a handler that only protects routes other than the webhook path: nothing to do;
 * - any other handler (protect by default, custom logic) keeps its logic and gets a path test
 *   for the webhook route (`isClerkWebhookRoute`) and an early return for it;
 * - a `config.matcher` that would not run the proxy on `/api/webhooks` gets the path added.
 *
 * @example
 * ensureWebhookRoutePublic(fs.readFileSync("src/proxy.ts", "utf8"), "proxy.ts").content
 */
export function ensureWebhookRoutePublic(text: string, fileName: string): EditResult {
  const file = parseSource(fileName, text);
  const style = detectStyle(text);
  const notes: string[] = [];
  const warnings: string[] = [];

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
  if (!clerkImport || !middlewareCall) {
    warnings.push(
      `${fileName} does not call clerkMiddleware from ${CLERK_SERVER}: make sure it lets ${WEBHOOK_PATH} through without a session.`,
    );
    return { changed: false, content: text, notes, warnings };
  }

  exemptInHandler(file, middlewareCall, style, fileName, notes, warnings);
  fixMatcher(file, style, notes, warnings);

  const content = file.getFullText();
  return { changed: content !== text, content, notes, warnings };
}

function exemptInHandler(
  file: SourceFile,
  call: CallExpression,
  style: CodeStyle,
  fileName: string,
  notes: string[],
  warnings: string[],
): void {
  const handler = resolveHandler(file, call.getArguments()[0]);
  if (!handler) {
    notes.push(
      `clerkMiddleware() has no handler, so it protects no route: ${WEBHOOK_PATH} is public.`,
    );
    return;
  }
  const factory = routeMatcherFactory(file);
  // Every check is read for a request to the route itself: `/api/webhooks-old(.*)` or
  // `startsWith("/api/webhooks-")` in a public list do not make /api/webhooks public.
  const conditions = new PathConditions(file, WEBHOOK_PATH, factory).forHandler(handler);

  const exemption = findExemption(handler, conditions);
  if (exemption) {
    notes.push(`${WEBHOOK_PATH} is already public through ${exemption}.`);
    return;
  }

  const publicList = findPublicRouteList(file, handler, factory);
  if (publicList) {
    insertArrayElement(
      publicList.list,
      publicList.list.getElements().length,
      quoted(WEBHOOK_PATTERN, style),
    );
    notes.push(`added "${WEBHOOK_PATTERN}" to the public routes of ${publicList.name}.`);
    return;
  }

  if (protectsOnlyOtherRoutes(handler, conditions)) {
    notes.push(`the handler protects only listed routes, and ${WEBHOOK_PATH} is not one of them.`);
    return;
  }

  const name = addExemption(file, handler, style, fileName, warnings);
  notes.push(`the handler keeps its logic; ${name} now lets ${WEBHOOK_PATH} through before it.`);
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
 * @clerk/nextjs 7.9). Returns the name it declared.
 */
function addExemption(
  file: SourceFile,
  handler: Handler,
  style: CodeStyle,
  fileName: string,
  warnings: string[],
): string {
  const name = freeName(file, EXEMPTION_NAME);
  const params = handler.getParameters();
  if (params.length === 0) handler.addParameter({ name: "_auth" });
  if (params.length < 2) handler.addParameter({ name: "request" });
  const requestName = handler.getParameters()[1]?.getNameNode();
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
      warnings.push(
        `the clerkMiddleware handler's request parameter is destructured: check the ${name} guard.`,
      );
    }
  }

  const guard = statement(`if (${name}(${pathname})) return;`, style);
  const body = handler.getBody();
  if (Node.isBlock(body)) {
    body.insertStatements(0, guard);
  } else if (body) {
    body.replaceWithText(`{\n${style.indent}${guard}\n${style.indent}return ${body.getText()};\n}`);
  }

  const typed = /\.[cm]?tsx?$/.test(fileName);
  const path = quoted(WEBHOOK_PATH, style);
  const under = quoted(`${WEBHOOK_PATH}/`, style);
  const declaration = [
    `/** Clerk's webhooks must reach ${WEBHOOK_PATH} without a session, whatever the handler does. */`,
    `function ${name}(pathname${typed ? ": string" : ""})${typed ? ": boolean" : ""} {`,
    `${style.indent}${statement(`return pathname === ${path} || pathname.startsWith(${under});`, style)}`,
    "}",
  ].join("\n");
  const lastImport = file.getImportDeclarations().at(-1);
  if (lastImport) file.insertText(lastImport.getEnd(), `\n\n${declaration}`);
  else file.insertText(0, `${declaration}\n\n`);
  return name;
}

/** `base`, or `base2`, `base3`… when the file already uses that name. */
function freeName(file: SourceFile, base: string): string {
  const used = new Set(file.getDescendantsOfKind(SyntaxKind.Identifier).map((i) => i.getText()));
  let name = base;
  for (let n = 2; used.has(name); n += 1) name = `${base}${n}`;
  return name;
}

/**
 * `config.matcher`: when none of its patterns runs the proxy on `/api/webhooks` (a list that
 * skips `/api`, say), add the webhook pattern so the exemption above is what decides.
 */
function fixMatcher(file: SourceFile, style: CodeStyle, notes: string[], warnings: string[]): void {
  const config = file.getVariableDeclaration("config");
  if (!config) return;
  const object = config.getInitializer();
  if (!Node.isObjectLiteralExpression(object)) return;
  const property = object.getProperty("matcher");
  if (!property) return;
  if (!Node.isPropertyAssignment(property)) {
    warnings.push(`could not read config.matcher: make sure it runs the proxy on ${WEBHOOK_PATH}.`);
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
        warnings.push(
          `could not read config.matcher: make sure it runs the proxy on ${WEBHOOK_PATH}.`,
        );
        return;
      }
      if (entry.getProperty("has") || entry.getProperty("missing")) conditional = true;
      sources.push(literal.getLiteralValue());
    } else {
      warnings.push(
        `could not read config.matcher: make sure it runs the proxy on ${WEBHOOK_PATH}.`,
      );
      return;
    }
  }
  if (sources.some((s) => patternMatches(s))) {
    if (conditional) {
      warnings.push(
        `config.matcher has has/missing conditions: make sure they let the proxy run on ${WEBHOOK_PATH}.`,
      );
    }
    return;
  }
  const element = quoted(WEBHOOK_PATTERN, style);
  if (Node.isArrayLiteralExpression(value)) {
    insertArrayElement(value, value.getElements().length, element);
  } else if (value) {
    value.replaceWithText(`[${value.getText()}, ${element}]`);
  }
  notes.push(
    `config.matcher did not run the proxy on ${WEBHOOK_PATH}; added "${WEBHOOK_PATTERN}" to it.`,
  );
}
