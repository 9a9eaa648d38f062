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
/** The matcher the generator adds when the handler needs an explicit exemption. */
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
type Usage = "public" | "exempt" | "protected";

interface RouteMatcher {
  name: string;
  /** The patterns list, when it is an array literal. */
  list: ArrayLiteralExpression | undefined;
  covers: boolean;
  usages: Set<Usage>;
}

/**
 * Make sure Clerk's webhooks reach `/api/webhooks` through an existing `proxy.ts`/`middleware.ts`
 * without a session, editing its syntax tree and keeping everything else as it is:
 * - `clerkMiddleware()` without a handler protects nothing: nothing to do;
 * - a public-routes list (`if (!isPublicRoute(req)) …`) gets `"/api/webhooks(.*)"` once;
 * - a handler that only protects listed routes, none of which is the webhook path: nothing to do;
 * - any other handler (protect by default, custom logic) keeps its logic and gets an early
 *   return for the webhook path;
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

  exemptInHandler(file, middlewareCall, style, notes, warnings);
  fixMatcher(file, style, notes, warnings);

  const content = file.getFullText();
  return { changed: content !== text, content, notes, warnings };
}

function exemptInHandler(
  file: SourceFile,
  call: CallExpression,
  style: CodeStyle,
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
  const matchers = findRouteMatchers(file, handler);

  const covering = matchers.find(
    (m) => m.covers && (m.usages.has("public") || m.usages.has("exempt")),
  );
  if (covering) {
    notes.push(`${WEBHOOK_PATH} is already public through ${covering.name}.`);
    return;
  }

  const publicList = matchers.find((m) => m.usages.has("public") && m.list);
  if (publicList?.list) {
    const list = publicList.list;
    insertArrayElement(list, list.getElements().length, quoted(WEBHOOK_PATTERN, style));
    notes.push(`added "${WEBHOOK_PATTERN}" to the public routes of ${publicList.name}.`);
    return;
  }

  if (protectsOnlyListedRoutes(handler, matchers)) {
    notes.push(`the handler protects only listed routes, and ${WEBHOOK_PATH} is not one of them.`);
    return;
  }

  addExemption(file, handler, style, warnings);
  notes.push(
    `the handler keeps its logic; ${EXEMPTION_NAME} now lets ${WEBHOOK_PATH} through before it.`,
  );
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

/** `const x = createRouteMatcher([...])` declarations, and how the handler uses each. */
function findRouteMatchers(file: SourceFile, handler: Handler): RouteMatcher[] {
  const clerkImport = file
    .getImportDeclarations()
    .find((d) => d.getModuleSpecifierValue() === CLERK_SERVER);
  const named = clerkImport?.getNamedImports().find((n) => n.getName() === "createRouteMatcher");
  if (!named) return [];
  const factory = named.getAliasNode()?.getText() ?? "createRouteMatcher";

  const matchers = new Map<string, RouteMatcher>();
  for (const declaration of file.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = declaration.getInitializer();
    if (!Node.isCallExpression(init) || init.getExpression().getText() !== factory) continue;
    const arg = init.getArguments()[0];
    const list = Node.isArrayLiteralExpression(arg) ? arg : undefined;
    const patterns = list
      ? list.getElements().filter(Node.isStringLiteral)
      : Node.isStringLiteral(arg)
        ? [arg]
        : [];
    matchers.set(declaration.getName(), {
      name: declaration.getName(),
      list,
      covers: patterns.some((p) => patternMatches(p.getLiteralValue())),
      usages: new Set(),
    });
  }

  for (const call of handler.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const matcher = matchers.get(call.getExpression().getText());
    if (matcher) matcher.usages.add(usageOf(call));
  }
  return [...matchers.values()];
}

/** `!isPublic(req)` → public; `if (isX(req)) return …` → exempt; anything else → protected. */
function usageOf(call: CallExpression): Usage {
  let node: Node = call;
  while (Node.isParenthesizedExpression(node.getParent())) node = node.getParentOrThrow();
  const parent = node.getParent();
  if (
    Node.isPrefixUnaryExpression(parent) &&
    parent.getOperatorToken() === SyntaxKind.ExclamationToken
  ) {
    return "public";
  }
  if (Node.isIfStatement(parent) && parent.getExpression() === node) {
    const then = parent.getThenStatement();
    const first = Node.isBlock(then) ? then.getStatements()[0] : then;
    if (Node.isReturnStatement(first)) return "exempt";
  }
  return "protected";
}

/**
 * `if (isProtectedRoute(req)) await auth.protect();` and nothing else: the handler protects only
 * the routes its matchers list, so a path none of them covers is public already.
 */
function protectsOnlyListedRoutes(handler: Handler, matchers: RouteMatcher[]): boolean {
  const body = handler.getBody();
  if (!Node.isBlock(body)) return false;
  const byName = new Map(matchers.map((m) => [m.name, m]));
  return body.getStatements().every((s) => {
    if (!Node.isIfStatement(s) || s.getElseStatement()) return false;
    const condition = s.getExpression();
    if (!Node.isCallExpression(condition)) return false;
    const matcher = byName.get(condition.getExpression().getText());
    return matcher !== undefined && !matcher.covers;
  });
}

/** Declare `isClerkWebhookRoute` and return early for it at the top of the handler. */
function addExemption(
  file: SourceFile,
  handler: Handler,
  style: CodeStyle,
  warnings: string[],
): void {
  const clerkImport = file
    .getImportDeclarations()
    .find((d) => d.getModuleSpecifierValue() === CLERK_SERVER);
  const named = clerkImport?.getNamedImports().find((n) => n.getName() === "createRouteMatcher");
  if (!named) clerkImport?.addNamedImport("createRouteMatcher");
  const factory = named?.getAliasNode()?.getText() ?? "createRouteMatcher";

  const params = handler.getParameters();
  if (params.length === 0) handler.addParameter({ name: "_auth" });
  if (params.length < 2) handler.addParameter({ name: "request" });
  const requestParam = handler.getParameters()[1];
  const request = requestParam?.getNameNode().getText() ?? "request";
  if (!requestParam || !Node.isIdentifier(requestParam.getNameNode())) {
    warnings.push(
      `the clerkMiddleware handler's request parameter is destructured: check the ${EXEMPTION_NAME} guard.`,
    );
  }

  const guard = statement(`if (${EXEMPTION_NAME}(${request})) return;`, style);
  const body = handler.getBody();
  if (Node.isBlock(body)) {
    body.insertStatements(0, guard);
  } else if (body) {
    body.replaceWithText(`{\n${style.indent}${guard}\n${style.indent}return ${body.getText()};\n}`);
  }

  const declaration = [
    `/** Clerk's webhooks must reach ${WEBHOOK_PATH} without a session, whatever the handler does. */`,
    statement(`const ${EXEMPTION_NAME} = ${factory}([${quoted(WEBHOOK_PATTERN, style)}]);`, style),
  ].join("\n");
  const lastImport = file.getImportDeclarations().at(-1);
  if (lastImport) file.insertText(lastImport.getEnd(), `\n\n${declaration}`);
  else file.insertText(0, `${declaration}\n\n`);
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
