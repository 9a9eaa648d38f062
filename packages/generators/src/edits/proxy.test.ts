import { describe, expect, it } from "vitest";
import { renderTemplate } from "../render/template";
import { patternMatches, WEBHOOK_PATH } from "./path-patterns";
import { ensureWebhookRoutePublic } from "./proxy";

/** Edit, then check that a second run leaves the result alone. */
function edit(text: string) {
  const result = ensureWebhookRoutePublic(text, "proxy.ts");
  const again = ensureWebhookRoutePublic(result.content, "proxy.ts");
  expect(again.changed).toBe(false);
  expect(again.content).toBe(result.content);
  return result;
}

/** The path test the generator declares when it exempts the route in a handler of its own. */
const EXEMPTION = `/** Clerk's webhooks must reach /api/webhooks and what is under it without a session. */
function isClerkWebhookRoute(pathname: string): boolean {
  return pathname === "/api/webhooks" || pathname.startsWith("/api/webhooks/");
}
`;

const STANDARD_MATCHER = `export const config = {
  matcher: [
    "/((?!_next|[^?]*\\\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
`;

describe("ensureWebhookRoutePublic", () => {
  it("leaves the proxy the generator writes alone", () => {
    const proxy = renderTemplate("next/proxy.ts.hbs", { webhookPath: WEBHOOK_PATH });
    expect(proxy).not.toContain("createRouteMatcher");
    const result = edit(proxy);
    expect(result.changed).toBe(false);
    expect(result.notes).toEqual(["/api/webhooks is already public through isPublicRoute."]);
  });

  it("still recognises the proxy earlier versions wrote (createRouteMatcher)", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";

const isPublicRoute = createRouteMatcher(["/api/webhooks(.*)"]);

export default clerkMiddleware(async (auth, request) => {
  if (!isPublicRoute(request)) await auth.protect();
});
`;
    const result = edit(text);
    expect(result.changed).toBe(false);
    expect(result.notes).toEqual(["/api/webhooks is already public through isPublicRoute."]);
  });

  it("reads a public check together with other conditions (apps/web's demo mode)", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";
import { isDemoMode } from "@/demo/keys";

const PUBLIC_PREFIX = "/api/webhooks/";

const isPublicRoute = (pathname: string) =>
  pathname === "/api/webhooks" || pathname.startsWith(PUBLIC_PREFIX);

export default clerkMiddleware(async (auth, request) => {
  if (!isPublicRoute(request.nextUrl.pathname) && !isDemoMode()) await auth.protect();
});
`;
    expect(edit(text).changed).toBe(false);
  });

  it("recognises an early return on the path, however the handler spells it", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";

export default clerkMiddleware(async (auth, req) => {
  const { pathname } = req.nextUrl;
  if (/^\\/api\\/webhooks(\\/|$)/.test(pathname)) return;
  await auth.protect();
});
`;
    const result = edit(text);
    expect(result.changed).toBe(false);
    expect(result.notes.join(" ")).toContain("already public through /^\\/api\\/webhooks");
  });

  it.each([
    ["a prefix of another route", 'pathname.startsWith("/api/webhooks-old")'],
    ["another route exactly", 'pathname === "/api/webhooks-old"'],
    ["a route under it only", 'pathname.startsWith("/api/webhooks/")'],
    ["a list of other paths", '["/", "/api/webhook"].includes(pathname)'],
  ])("is not fooled by a public check that only matches %s", (_, check) => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";

function isClerkWebhookRoute(pathname: string) {
  return ${check};
}

export default clerkMiddleware(async (auth, request) => {
  if (!isClerkWebhookRoute(request.nextUrl.pathname)) await auth.protect();
});
`;
    const result = edit(text);
    expect(result.changed).toBe(true);
    // The name is taken by the app's own check: the generator's gets another.
    expect(result.content).toContain(
      "function isClerkWebhookRoute2(pathname: string): boolean {\n" +
        '  return pathname === "/api/webhooks" || pathname.startsWith("/api/webhooks/");\n}',
    );
    expect(result.content).toContain(
      "  if (isClerkWebhookRoute2(request.nextUrl.pathname)) return;\n  if (!isClerkWebhookRoute(",
    );
  });

  it("adds the path to a public list whose only webhook-like entry is another route", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
const isPublicRoute = createRouteMatcher(["/api/webhooks-old(.*)", /^\\/api\\/webhooksx/]);
export default clerkMiddleware(async (auth, req) => {
  if (!isPublicRoute(req)) await auth.protect();
});
`;
    expect(edit(text).content).toContain(
      'createRouteMatcher([\n  "/api/webhooks-old(.*)",\n  /^\\/api\\/webhooksx/,\n  "/api/webhooks",\n  "/api/webhooks/(.*)",\n]);',
    );
  });

  it("leaves a handler whose path checks all miss the route (nothing in it runs there)", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";

const ADMIN = ["/admin", "/settings"];

export default clerkMiddleware(async (auth, req) => {
  if (ADMIN.includes(req.nextUrl.pathname)) await auth.protect({ role: "admin" });
  if (req.nextUrl.pathname.startsWith("/dashboard")) await auth.protect();
});
`;
    const result = edit(text);
    expect(result.changed).toBe(false);
    expect(result.notes.join(" ")).toContain("protects only listed routes");
  });

  it("writes plain JavaScript in a .js middleware, in the file's style", () => {
    const text = `import { clerkMiddleware } from '@clerk/nextjs/server'

export default clerkMiddleware(async (auth, { nextUrl }) => {
  await auth.protect()
})
`;
    const result = ensureWebhookRoutePublic(text, "middleware.js");
    expect(result.warnings).toEqual([]);
    expect(result.content).toBe(`import { clerkMiddleware } from '@clerk/nextjs/server'

/** Clerk's webhooks must reach /api/webhooks and what is under it without a session. */
function isClerkWebhookRoute(pathname) {
  return pathname === '/api/webhooks' || pathname.startsWith('/api/webhooks/')
}

export default clerkMiddleware(async (auth, { nextUrl }) => {
  if (isClerkWebhookRoute(nextUrl.pathname)) return
  await auth.protect()
})
`);
    expect(ensureWebhookRoutePublic(result.content, "middleware.js").changed).toBe(false);
  });

  it("changes nothing for clerkMiddleware() without a handler: it protects no route", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";\n\nexport default clerkMiddleware();\n\n${STANDARD_MATCHER}`;
    const result = edit(text);
    expect(result.changed).toBe(false);
    expect(result.notes.join(" ")).toContain("protects no route");
  });

  it("adds the path once to a public-routes list, in the file's own style", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server'

const isPublicRoute = createRouteMatcher(['/', '/sign-in(.*)'])

export default clerkMiddleware(async (auth, req) => {
  if (!isPublicRoute(req)) {
    await auth.protect()
  }
})
`;
    const result = edit(text);
    expect(result.content).toBe(
      text.replace(
        "['/', '/sign-in(.*)']",
        "[\n  '/',\n  '/sign-in(.*)',\n  '/api/webhooks',\n  '/api/webhooks/(.*)',\n]",
      ),
    );
  });

  it("adds to a multi-line list on a line of its own", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";

const isPublicRoute = createRouteMatcher([
  "/",
  "/pricing",
]);

export default clerkMiddleware(async (auth, request) => {
  if (!isPublicRoute(request)) await auth.protect();
});
`;
    expect(edit(text).content).toContain(
      '  "/pricing",\n  "/api/webhooks",\n  "/api/webhooks/(.*)",\n]);',
    );
  });

  it("keeps a public list that already covers the path (a wider pattern counts)", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
const isPublic = createRouteMatcher(["/api/(.*)"]);
export default clerkMiddleware(async (auth, req) => {
  if (!isPublic(req)) await auth.protect();
});
`;
    expect(edit(text).changed).toBe(false);
  });

  it("leaves a handler that protects only listed routes the path is not among", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";

const isProtectedRoute = createRouteMatcher(["/dashboard(.*)"]);

export default clerkMiddleware(async (auth, req) => {
  if (isProtectedRoute(req)) await auth.protect();
});
`;
    const result = edit(text);
    expect(result.changed).toBe(false);
    expect(result.notes.join(" ")).toContain("protects only listed routes");
  });

  it("exempts the path when a protected list covers it", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";

const isProtectedRoute = createRouteMatcher(["/dashboard(.*)", "/api(.*)"]);

export default clerkMiddleware(async (auth, req) => {
  if (isProtectedRoute(req)) await auth.protect();
});
`;
    const result = edit(text);
    expect(result.content).toContain(EXEMPTION);
    expect(result.content).toContain(
      "  if (isClerkWebhookRoute(req.nextUrl.pathname)) return;\n  if (isProtectedRoute(req)) await auth.protect();\n",
    );
  });

  it("keeps custom protect-by-default logic and returns early for the webhook path first", () => {
    const logic = `  const { userId, redirectToSignIn } = await auth();
  if (!userId) return redirectToSignIn();
  if (req.nextUrl.pathname.startsWith("/admin")) {
    return NextResponse.redirect(new URL("/", req.url));
  }`;
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse } from "next/server";

export default clerkMiddleware(async (auth, req) => {
${logic}
});
`;
    const result = edit(text);
    expect(result.content).toBe(`import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse } from "next/server";

${EXEMPTION}
export default clerkMiddleware(async (auth, req) => {
  if (isClerkWebhookRoute(req.nextUrl.pathname)) return;
${logic}
});
`);
  });

  it("handles an expression-bodied handler without a request parameter", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";\n\nexport default clerkMiddleware((auth) => auth.protect());\n`;
    expect(edit(text).content).toContain(
      "clerkMiddleware((auth, request) => {\n  if (isClerkWebhookRoute(request.nextUrl.pathname)) return;\n  return auth.protect();\n});",
    );
  });

  it("follows a handler declared as a function in the same file, and an aliased import", () => {
    const text = `import { clerkMiddleware as withClerk } from "@clerk/nextjs/server";

async function handler(auth: any, request: Request) {
  await auth.protect();
}

export default withClerk(handler);
`;
    const result = edit(text);
    expect(result.content).toContain(
      "async function handler(auth: any, request: Request) {\n  if (isClerkWebhookRoute(request.nextUrl.pathname)) return;\n  await auth.protect();\n}",
    );
  });

  it("adds the path to a config.matcher that skips /api, and says so", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";

export default clerkMiddleware();

export const config = {
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico).*)"],
};
`;
    const result = edit(text);
    expect(result.content).toContain(
      'matcher: ["/((?!api|_next/static|_next/image|favicon.ico).*)", "/api/webhooks", "/api/webhooks/(.*)"],',
    );
    expect(result.notes.join(" ")).toContain(
      "config.matcher did not run the proxy on /api/webhooks",
    );
  });

  it("turns a single matcher string that misses the route into a list", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";\nexport default clerkMiddleware();\nexport const config = { matcher: "/dashboard/:path*" };\n`;
    expect(edit(text).content).toContain(
      'export const config = { matcher: ["/dashboard/:path*", "/api/webhooks", "/api/webhooks/(.*)"] };',
    );
  });

  it("leaves the standard Clerk matcher alone (it runs on every API route)", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";\nexport default clerkMiddleware();\n${STANDARD_MATCHER}`;
    expect(edit(text).changed).toBe(false);
  });

  it("warns about a matcher it cannot read, and one with has/missing conditions", () => {
    const dynamic = `import { clerkMiddleware } from "@clerk/nextjs/server";\nconst pages = ["/a"];\nexport default clerkMiddleware();\nexport const config = { matcher: pages };\n`;
    expect(edit(dynamic).warnings.join(" ")).toContain("could not read config.matcher");
    const conditional = `import { clerkMiddleware } from "@clerk/nextjs/server";\nexport default clerkMiddleware();\nexport const config = { matcher: [{ source: "/(.*)", missing: [{ type: "header", key: "x" }] }] };\n`;
    expect(edit(conditional).warnings.join(" ")).toContain("has/missing");
  });

  it("exempts the route in a middleware of the app's own that does not use Clerk", () => {
    const text = `import { type NextRequest, NextResponse } from "next/server";

export function middleware(request: NextRequest) {
  if (!request.cookies.get("session")) return NextResponse.redirect(new URL("/login", request.url));
  return NextResponse.next();
}
`;
    const result = edit(text);
    expect(result.content).toContain(
      "export function middleware(request: NextRequest) {\n  if (isClerkWebhookRoute(request.nextUrl.pathname)) return NextResponse.next();\n  if (!request.cookies",
    );
    expect(result.notes.join(" ")).toContain("the middleware (no Clerk) keeps its logic");
    expect(edit(result.content).changed).toBe(false);

    const defaultExport = `export default function gate(req) {\n  return Response.redirect("/login");\n}\n`;
    expect(ensureWebhookRoutePublic(defaultExport, "middleware.js").content).toContain(
      "export default function gate(req) {\n  if (isClerkWebhookRoute(req.nextUrl.pathname)) return;\n",
    );
  });

  it("warns when it finds neither clerkMiddleware nor a middleware function", () => {
    const text = `export { default } from "./edge/gate";\n`;
    const result = edit(text);
    expect(result.changed).toBe(false);
    expect(result.warnings.join(" ")).toContain("no middleware function the generator can read");
  });

  it("guards another path when the route lives elsewhere", () => {
    const text = `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
const isPublicRoute = createRouteMatcher(["/"]);
export default clerkMiddleware(async (auth, req) => {
  if (!isPublicRoute(req)) await auth.protect();
});
`;
    const result = ensureWebhookRoutePublic(text, "middleware.ts", { path: "/api/clerk/webhook" });
    expect(result.content).toContain(
      'createRouteMatcher(["/", "/api/clerk/webhook", "/api/clerk/webhook/(.*)"]);',
    );
  });
});

describe("patternMatches", () => {
  it("reads patterns as Next.js and Clerk do (path-to-regexp 6)", () => {
    expect(patternMatches("/api/webhooks(.*)")).toBe(true);
    expect(patternMatches("/api/webhooks(.*)", "/api/webhooks/clerk")).toBe(true);
    expect(patternMatches("/(api|trpc)(.*)")).toBe(true);
    expect(patternMatches("/((?!api|_next).*)")).toBe(false);
    expect(patternMatches("/dashboard/:path*")).toBe(false);
    expect(patternMatches("/((?!_next|[^?]*\\.(?:html?|css|js(?!on))).*)")).toBe(true);
  });
});
