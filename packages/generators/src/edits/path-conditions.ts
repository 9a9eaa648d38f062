import type { SourceFile } from "ts-morph";
import { Node, SyntaxKind } from "../load/lazy";
import { patternMatches } from "./path-patterns";

/** What an expression is known to be while the proxy handles one request for a given path. */
type Value =
  | { kind: "request" }
  | { kind: "nextUrl" }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "strings"; values: string[] }
  | { kind: "regex"; regex: RegExp }
  /** What `createRouteMatcher(...)` returned: whether it matches the path, when that is known. */
  | { kind: "routeMatcher"; matches: boolean | undefined }
  /** A function, with the names it closes over. */
  | { kind: "function"; node: FunctionLike; closure: Map<string, Value | undefined> };

type FunctionLike = Node & {
  getParameters(): { getNameNode(): Node }[];
  getBody(): Node | undefined;
};

/** Calls into local functions followed before giving up (recursion, long helper chains). */
const MAX_DEPTH = 4;

/**
 * Reads conditions of a `proxy.ts`/`middleware.ts` handler as they would run for one request
 * path, without running anything: string comparisons, `startsWith`/`endsWith`/`includes`,
 * regular expressions, `&&`/`||`/`!`, module constants, local helper functions and
 * `createRouteMatcher` matchers (read with path-to-regexp, as Clerk does). Anything else is
 * unknown, and `&&`/`||` keep what is still certain (`false && unknown` is `false`).
 *
 * Whether the webhook route is public is decided by evaluating the checks on the route's own
 * path, never by the names or text they contain: `startsWith("/api/webhooks-old")` does not
 * match `/api/webhooks`.
 *
 * @example
 * const conditions = new PathConditions(file, "/api/webhooks", "createRouteMatcher");
 * conditions.forHandler(handler).truth(ifStatement.getExpression()); // true | false | undefined
 */
export class PathConditions {
  readonly #file: SourceFile;
  readonly #path: string;
  readonly #routeMatcherFactory: string | undefined;

  constructor(file: SourceFile, path: string, routeMatcherFactory: string | undefined) {
    this.#file = file;
    this.#path = path;
    this.#routeMatcherFactory = routeMatcherFactory;
  }

  /**
   * A scope for the body of a clerkMiddleware handler: its second parameter is the request (the
   * first, `requestIndex` 0, for a middleware of the app's own),
   * and the `const`s at the top of its body are read in order (`const { pathname } = req.nextUrl`).
   */
  forHandler(handler: FunctionLike, requestIndex = 1): HandlerConditions {
    const scope = new Map<string, Value | undefined>();
    // Every name declared inside shadows the module's: unknown unless read below.
    for (const declaration of handler.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      for (const name of boundNames(declaration.getNameNode())) scope.set(name, undefined);
    }
    handler.getParameters().forEach((parameter, index) => {
      // clerkMiddleware calls it with (auth, request, event); a plain middleware with (request).
      this.#bind(
        parameter.getNameNode(),
        index === requestIndex ? { kind: "request" } : undefined,
        scope,
      );
    });

    const body = handler.getBody();
    if (Node.isBlock(body)) {
      for (const statement of body.getStatements()) {
        if (Node.isVariableStatement(statement) && statement.getDeclarationKind() === "const") {
          this.#bindDeclarations(statement, scope, 0);
        }
      }
    }
    return {
      truth: (expression) => asBoolean(this.#evaluate(expression, scope, 0)),
    };
  }

  #evaluate(node: Node, scope: Map<string, Value | undefined>, depth: number): Value | undefined {
    if (
      Node.isParenthesizedExpression(node) ||
      Node.isAsExpression(node) ||
      Node.isSatisfiesExpression(node) ||
      Node.isNonNullExpression(node)
    ) {
      return this.#evaluate(node.getExpression(), scope, depth);
    }
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
      return { kind: "string", value: node.getLiteralValue() };
    }
    if (Node.isTrueLiteral(node) || Node.isFalseLiteral(node)) {
      return { kind: "boolean", value: node.getLiteralValue() };
    }
    if (Node.isRegularExpressionLiteral(node)) {
      try {
        return { kind: "regex", regex: node.getLiteralValue() };
      } catch {
        return undefined;
      }
    }
    if (Node.isArrayLiteralExpression(node)) {
      const values: string[] = [];
      for (const element of node.getElements()) {
        const value = this.#evaluate(element, scope, depth);
        if (value?.kind !== "string") return undefined;
        values.push(value.value);
      }
      return { kind: "strings", values };
    }
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
      return { kind: "function", node, closure: scope };
    }
    if (Node.isIdentifier(node)) return this.#resolve(node.getText(), scope, depth);
    if (Node.isPropertyAccessExpression(node)) {
      return this.#property(this.#evaluate(node.getExpression(), scope, depth), node.getName());
    }
    if (Node.isPrefixUnaryExpression(node)) {
      if (node.getOperatorToken() !== SyntaxKind.ExclamationToken) return undefined;
      const operand = asBoolean(this.#evaluate(node.getOperand(), scope, depth));
      return operand === undefined ? undefined : { kind: "boolean", value: !operand };
    }
    if (Node.isBinaryExpression(node)) return this.#binary(node, scope, depth);
    if (Node.isConditionalExpression(node)) {
      const condition = asBoolean(this.#evaluate(node.getCondition(), scope, depth));
      if (condition === undefined) return undefined;
      return this.#evaluate(condition ? node.getWhenTrue() : node.getWhenFalse(), scope, depth);
    }
    if (Node.isCallExpression(node)) return this.#call(node, scope, depth);
    return undefined;
  }

  #binary(
    node: Node & { getLeft(): Node; getRight(): Node; getOperatorToken(): Node },
    scope: Map<string, Value | undefined>,
    depth: number,
  ): Value | undefined {
    const operator = node.getOperatorToken().getKind();
    if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken) {
      const decisive = operator === SyntaxKind.BarBarToken;
      const left = asBoolean(this.#evaluate(node.getLeft(), scope, depth));
      if (left === decisive) return { kind: "boolean", value: decisive };
      const right = asBoolean(this.#evaluate(node.getRight(), scope, depth));
      if (right === decisive) return { kind: "boolean", value: decisive };
      if (left === undefined || right === undefined) return undefined;
      return { kind: "boolean", value: !decisive };
    }
    const equal =
      operator === SyntaxKind.EqualsEqualsEqualsToken || operator === SyntaxKind.EqualsEqualsToken;
    const unequal =
      operator === SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === SyntaxKind.ExclamationEqualsToken;
    if (!equal && !unequal) return undefined;
    const left = this.#evaluate(node.getLeft(), scope, depth);
    const right = this.#evaluate(node.getRight(), scope, depth);
    if (left?.kind !== "string" || right?.kind !== "string") return undefined;
    return { kind: "boolean", value: (left.value === right.value) === equal };
  }

  #call(
    node: Node & { getExpression(): Node; getArguments(): Node[] },
    scope: Map<string, Value | undefined>,
    depth: number,
  ): Value | undefined {
    const callee = node.getExpression();
    const args = node.getArguments();
    if (Node.isPropertyAccessExpression(callee)) {
      const target = this.#evaluate(callee.getExpression(), scope, depth);
      const arg = args.length === 1 ? this.#evaluate(args[0] as Node, scope, depth) : undefined;
      return method(target, callee.getName(), arg);
    }
    const fn = this.#evaluate(callee, scope, depth);
    if (fn?.kind === "routeMatcher") {
      return fn.matches === undefined ? undefined : { kind: "boolean", value: fn.matches };
    }
    if (fn?.kind !== "function" || depth >= MAX_DEPTH) return undefined;
    const inner = new Map(fn.closure);
    fn.node.getParameters().forEach((parameter, index) => {
      const arg = args[index];
      const value = arg ? this.#evaluate(arg, scope, depth) : undefined;
      this.#bind(parameter.getNameNode(), value, inner);
    });
    for (const declaration of fn.node.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      for (const name of boundNames(declaration.getNameNode())) inner.set(name, undefined);
    }
    const body = fn.node.getBody();
    if (!body) return undefined;
    if (!Node.isBlock(body)) return this.#evaluate(body, inner, depth + 1);
    const outcome = this.#run(body.getStatements(), inner, depth + 1);
    return outcome?.returned ? outcome.value : undefined;
  }

  /** A function body's statements in order: `const`s, `if … return`, and a final `return`. */
  #run(
    statements: Node[],
    scope: Map<string, Value | undefined>,
    depth: number,
  ): { returned: true; value: Value | undefined } | { returned: false } | undefined {
    for (const statement of statements) {
      if (Node.isVariableStatement(statement)) {
        if (statement.getDeclarationKind() !== "const") return undefined;
        this.#bindDeclarations(statement, scope, depth);
      } else if (Node.isReturnStatement(statement)) {
        const expression = statement.getExpression();
        return {
          returned: true,
          value: expression ? this.#evaluate(expression, scope, depth) : undefined,
        };
      } else if (Node.isIfStatement(statement)) {
        const condition = asBoolean(this.#evaluate(statement.getExpression(), scope, depth));
        if (condition === undefined) return undefined;
        const branch = condition ? statement.getThenStatement() : statement.getElseStatement();
        if (!branch) continue;
        const outcome = this.#run(
          Node.isBlock(branch) ? branch.getStatements() : [branch],
          scope,
          depth,
        );
        if (outcome === undefined || outcome.returned) return outcome;
      } else {
        return undefined;
      }
    }
    return { returned: false };
  }

  #bindDeclarations(
    statement: Node & {
      getDeclarations(): { getNameNode(): Node; getInitializer(): Node | undefined }[];
    },
    scope: Map<string, Value | undefined>,
    depth: number,
  ): void {
    for (const declaration of statement.getDeclarations()) {
      const init = declaration.getInitializer();
      this.#bind(
        declaration.getNameNode(),
        init ? this.#evaluate(init, scope, depth) : undefined,
        scope,
      );
    }
  }

  /** A name: the scope's, else a module-level function or `const`. */
  #resolve(name: string, scope: Map<string, Value | undefined>, depth: number): Value | undefined {
    if (scope.has(name)) return scope.get(name);
    const declared = this.#file.getFunction(name);
    if (declared) return { kind: "function", node: declared, closure: new Map() };
    const variable = this.#file.getVariableDeclaration(name);
    if (variable?.getVariableStatement()?.getDeclarationKind() !== "const") return undefined;
    const init = variable.getInitializer();
    if (!init || depth >= MAX_DEPTH) return undefined;
    if (
      Node.isCallExpression(init) &&
      this.#routeMatcherFactory !== undefined &&
      init.getExpression().getText() === this.#routeMatcherFactory
    ) {
      const matches = this.#routeMatcherMatches(init.getArguments()[0], depth + 1);
      return { kind: "routeMatcher", matches };
    }
    // Module constants read in an empty scope: a handler's names do not reach them.
    return this.#evaluate(init, new Map(), depth + 1);
  }

  /** `createRouteMatcher(patterns)`: path-to-regexp patterns and regular expressions. */
  #routeMatcherMatches(arg: Node | undefined, depth: number): boolean | undefined {
    if (!arg) return false;
    const entries = Node.isArrayLiteralExpression(arg) ? arg.getElements() : [arg];
    let unknown = false;
    for (const entry of entries) {
      const value = this.#evaluate(entry, new Map(), depth);
      const patterns =
        value?.kind === "string" ? [value.value] : value?.kind === "strings" ? value.values : [];
      if (patterns.some((pattern) => patternMatches(pattern, this.#path))) return true;
      if (value?.kind === "regex" && matchesRegex(value.regex, this.#path)) return true;
      if (value?.kind !== "string" && value?.kind !== "strings" && value?.kind !== "regex") {
        unknown = true;
      }
    }
    return unknown ? undefined : false;
  }

  /** `request.nextUrl`, and its `pathname`: the path the conditions are read for. */
  #property(target: Value | undefined, name: string): Value | undefined {
    if (target?.kind === "request" && name === "nextUrl") return { kind: "nextUrl" };
    if (target?.kind === "nextUrl" && name === "pathname") {
      return { kind: "string", value: this.#path };
    }
    return undefined;
  }

  /** Bind a parameter or declaration name (`x`, `{ pathname }`, `{ nextUrl: { pathname } }`). */
  #bind(name: Node, value: Value | undefined, scope: Map<string, Value | undefined>): void {
    if (Node.isIdentifier(name)) {
      scope.set(name.getText(), value);
      return;
    }
    if (Node.isObjectBindingPattern(name)) {
      for (const element of name.getElements()) {
        const key = element.getPropertyNameNode()?.getText() ?? element.getName();
        const plain = !element.getDotDotDotToken() && !element.getInitializer();
        this.#bind(element.getNameNode(), plain ? this.#property(value, key) : undefined, scope);
      }
      return;
    }
    for (const bound of boundNames(name)) scope.set(bound, undefined);
  }
}

/** Conditions inside one clerkMiddleware handler. */
export interface HandlerConditions {
  /** Whether `expression` is true for a request to the path; undefined when that is not known. */
  truth(expression: Node): boolean | undefined;
}

function asBoolean(value: Value | undefined): boolean | undefined {
  return value?.kind === "boolean" ? value.value : undefined;
}

function method(
  target: Value | undefined,
  name: string,
  arg: Value | undefined,
): Value | undefined {
  if (target?.kind === "string" && arg?.kind === "string") {
    const [text, search] = [target.value, arg.value];
    if (name === "startsWith") return { kind: "boolean", value: text.startsWith(search) };
    if (name === "endsWith") return { kind: "boolean", value: text.endsWith(search) };
    if (name === "includes") return { kind: "boolean", value: text.includes(search) };
  }
  if (target?.kind === "strings" && arg?.kind === "string" && name === "includes") {
    return { kind: "boolean", value: target.values.includes(arg.value) };
  }
  if (target?.kind === "regex" && arg?.kind === "string" && name === "test") {
    return { kind: "boolean", value: matchesRegex(target.regex, arg.value) };
  }
  return undefined;
}

function matchesRegex(regex: RegExp, text: string): boolean {
  // A fresh copy: a /g or /y literal keeps lastIndex between calls.
  return new RegExp(regex.source, regex.flags).test(text);
}

/** The names a declaration or parameter binds, destructuring included. */
function boundNames(name: Node): string[] {
  if (Node.isIdentifier(name)) return [name.getText()];
  if (Node.isObjectBindingPattern(name) || Node.isArrayBindingPattern(name)) {
    return name
      .getElements()
      .flatMap((element) =>
        Node.isBindingElement(element) ? boundNames(element.getNameNode()) : [],
      );
  }
  return [];
}
