import { createRequire } from "node:module";
import vm from "node:vm";
import { pathToRegexp } from "path-to-regexp";
import { ts } from "ts-morph";

const require = createRequire(import.meta.url);

/** What a request to one path meets in a proxy/middleware. */
export type Outcome = "protected" | "passed";

/**
 * Run a `proxy.ts`/`middleware.ts` as Next.js would for a browser request without a session,
 * with stand-ins for what it imports: `clerkMiddleware` calls the handler with an `auth` whose
 * `protect()` (v6/v7: `auth.protect()`, v5: `auth().protect()`) ends the request, and
 * `createRouteMatcher` reads patterns with path-to-regexp 6, as Clerk does. A redirect answered
 * by the file itself counts as protected too (a middleware of the app's own).
 *
 * @example await requestOutcome(text, "/api/webhooks") // "passed"
 */
export async function requestOutcome(text: string, pathname: string): Promise<Outcome> {
  const { outputText } = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const PROTECTED = Symbol("protected");
  // Clerk 5's protect() throws at once (`auth().protect()`, not awaited); 6 and 7 await it.
  const protect = () => {
    throw PROTECTED;
  };
  const auth = Object.assign(() => ({ protect: () => protect() }), { protect });
  const stubs: Record<string, unknown> = {
    "@clerk/nextjs/server": {
      clerkMiddleware: (handler?: (...args: unknown[]) => unknown) => handler ?? (() => undefined),
      createRouteMatcher: (patterns: (string | RegExp)[] | string | RegExp) => {
        const list = Array.isArray(patterns) ? patterns : [patterns];
        const matchers = list.map((p) => (typeof p === "string" ? pathToRegexp(p) : p));
        return (request: { nextUrl: { pathname: string } }) =>
          matchers.some((m) => m.test(request.nextUrl.pathname));
      },
    },
    "next/server": {
      NextResponse: {
        next: () => ({ kind: "next" }),
        redirect: () => ({ kind: "redirect" }),
      },
    },
  };
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(outputText, {
    module,
    exports: module.exports,
    require: (id: string) => stubs[id] ?? require(id),
    crypto: globalThis.crypto,
    URL,
  });
  const handler = (module.exports.default ?? module.exports.middleware ?? module.exports.proxy) as (
    ...args: unknown[]
  ) => unknown;
  const url = `https://app.example.com${pathname}`;
  const request = {
    url,
    nextUrl: Object.assign(new URL(url), { clone: () => new URL(url) }),
    cookies: { get: () => undefined },
    headers: new Headers({ accept: "text/html" }),
  };
  const ownMiddleware = module.exports.default === undefined || !text.includes("clerkMiddleware");
  try {
    const result = (await (ownMiddleware ? handler(request) : handler(auth, request))) as
      | { kind?: string }
      | undefined;
    return result?.kind === "redirect" ? "protected" : "passed";
  } catch (error) {
    if (error === PROTECTED) return "protected";
    throw error;
  }
}

/** Whether `config.matcher` runs the proxy on `pathname` (no matcher: every path). */
export function matcherRuns(text: string, pathname: string): boolean {
  const source = /matcher:\s*(\[[\s\S]*?\]|"[^"]*")\s*,?\s*\}/.exec(text)?.[1];
  if (!source) return true;
  const patterns = JSON.parse(source.replace(/\/\/.*$/gm, "").replace(/,(\s*\])/g, "$1")) as
    | string
    | string[];
  return (Array.isArray(patterns) ? patterns : [patterns]).some((p) =>
    pathToRegexp(p).test(pathname),
  );
}
