import { describe, expect, it } from "vitest";
import { renderTemplate } from "../render/template.js";
import { patternMatches, WEBHOOK_PATTERN } from "./path-patterns.js";
import { ensureWebhookRoutePublic } from "./proxy.js";

/** Edit, then check that a second run leaves the result alone. */
function edit(text: string) {
  const result = ensureWebhookRoutePublic(text, "proxy.ts");
  const again = ensureWebhookRoutePublic(result.content, "proxy.ts");
  expect(again.changed).toBe(false);
  expect(again.content).toBe(result.content);
  return result;
}

const STANDARD_MATCHER = `export const config = {
  matcher: [
    "/((?!_next|[^?]*\\\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
`;

describe("ensureWebhookRoutePublic", () => {
  it("leaves the proxy the generator writes alone", () => {
    const proxy = renderTemplate("next/proxy.ts.hbs", { webhookPattern: WEBHOOK_PATTERN });
    const result = edit(proxy);
    expect(result.changed).toBe(false);
    expect(result.notes).toEqual(["/api/webhooks is already public through isPublicRoute."]);
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
      text.replace("['/', '/sign-in(.*)']", "['/', '/sign-in(.*)', '/api/webhooks(.*)']"),
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
    expect(edit(text).content).toContain('  "/pricing",\n  "/api/webhooks(.*)",\n]);');
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
    expect(result.content).toContain(
      '\nconst isClerkWebhookRoute = createRouteMatcher(["/api/webhooks(.*)"]);\n',
    );
    expect(result.content).toContain(
      "  if (isClerkWebhookRoute(req)) return;\n  if (isProtectedRoute(req)) await auth.protect();\n",
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
    expect(
      result.content,
    ).toBe(`import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import { NextResponse } from "next/server";

/** Clerk's webhooks must reach /api/webhooks without a session, whatever the handler does. */
const isClerkWebhookRoute = createRouteMatcher(["/api/webhooks(.*)"]);

export default clerkMiddleware(async (auth, req) => {
  if (isClerkWebhookRoute(req)) return;
${logic}
});
`);
  });

  it("handles an expression-bodied handler without a request parameter", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";\n\nexport default clerkMiddleware((auth) => auth.protect());\n`;
    expect(edit(text).content).toContain(
      "clerkMiddleware((auth, request) => {\n  if (isClerkWebhookRoute(request)) return;\n  return auth.protect();\n});",
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
      "async function handler(auth: any, request: Request) {\n  if (isClerkWebhookRoute(request)) return;\n  await auth.protect();\n}",
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
      'matcher: ["/((?!api|_next/static|_next/image|favicon.ico).*)", "/api/webhooks(.*)"],',
    );
    expect(result.notes.join(" ")).toContain(
      "config.matcher did not run the proxy on /api/webhooks",
    );
  });

  it("turns a single matcher string that misses the route into a list", () => {
    const text = `import { clerkMiddleware } from "@clerk/nextjs/server";\nexport default clerkMiddleware();\nexport const config = { matcher: "/dashboard/:path*" };\n`;
    expect(edit(text).content).toContain(
      'export const config = { matcher: ["/dashboard/:path*", "/api/webhooks(.*)"] };',
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

  it("only warns when the file does not use clerkMiddleware", () => {
    const text = `import { NextResponse } from "next/server";\nexport function middleware() {\n  return NextResponse.next();\n}\n`;
    const result = edit(text);
    expect(result.changed).toBe(false);
    expect(result.warnings.join(" ")).toContain("does not call clerkMiddleware");
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
