import fs from "node:fs";
import path from "node:path";

/** A route handler of the app that receives Clerk's webhooks without the kit. */
export interface ClerkWebhookRoute {
  /** Absolute path of the `route.*` file. */
  file: string;
  /** The URL path it answers (`/api/clerk/webhook`), route groups left out. */
  urlPath: string;
  /** How it verifies: `svix's Webhook` or `verifyWebhook from @clerk/nextjs/webhooks`. */
  verifier: string;
}

const ROUTE_FILE = /^route\.(ts|tsx|js|jsx|mts|mjs)$/;
const KIT_ROUTE = /from\s+["']@acme\/clerk-sync\/next["']/;
/** Import declarations of a Clerk webhook verifier: svix's `Webhook`, Clerk's `verifyWebhook`. */
const VERIFIERS: [RegExp, string][] = [
  [/import\s*\{[^}]*\bWebhook\b[^}]*\}\s*from\s*["']svix["']/, "svix's Webhook"],
  [
    /import\s*\{[^}]*\bverifyWebhook\b[^}]*\}\s*from\s*["'](@clerk\/[\w-]+\/webhooks)["']/,
    "verifyWebhook from $1",
  ],
  [/import\s*\{[^}]*\bWebhook\b[^}]*\}\s*from\s*["']standardwebhooks["']/, "standardwebhooks"],
];

/**
 * Route handlers under `app/` that verify Clerk (Svix) webhooks on their own, without the kit
 * (`own`: found by their imports, so a Stripe route that also uses svix's Webhook counts too —
 * the report names the file, and the user decides), and the kit's own routes (`kit`).
 *
 * @example findClerkWebhookRoutes("src/app") // [{ urlPath: "/api/clerk/webhook", … }]
 */
export function findClerkWebhookRoutes(appRouterDir: string): {
  own: ClerkWebhookRoute[];
  kit: { file: string; urlPath: string }[];
} {
  const found: ClerkWebhookRoute[] = [];
  const kit: { file: string; urlPath: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(full);
        continue;
      }
      if (!ROUTE_FILE.test(entry.name)) continue;
      const text = fs.readFileSync(full, "utf8");
      if (KIT_ROUTE.test(text)) {
        kit.push({ file: full, urlPath: urlPathOf(appRouterDir, dir) });
        continue;
      }
      for (const [pattern, name] of VERIFIERS) {
        const match = pattern.exec(text);
        if (!match) continue;
        const verifier = name.replace("$1", match[1] ?? "");
        found.push({ file: full, urlPath: urlPathOf(appRouterDir, dir), verifier });
        break;
      }
    }
  };
  if (fs.existsSync(appRouterDir)) walk(appRouterDir);
  const byPath = (a: { urlPath: string }, b: { urlPath: string }) =>
    a.urlPath < b.urlPath ? -1 : 1;
  return { own: found.sort(byPath), kit: kit.sort(byPath) };
}

/** `app/(marketing)/api/clerk/route.ts` answers `/api/clerk`: route groups are not in the URL. */
export function urlPathOf(appRouterDir: string, routeDir: string): string {
  const segments = path
    .relative(appRouterDir, routeDir)
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

/**
 * A webhook path the generator can own: absolute, plain segments (no dynamic `[id]`, no
 * trailing slash), and not the root.
 */
export function isValidWebhookPath(urlPath: string): boolean {
  return /^(\/[A-Za-z0-9._~-]+)+$/.test(urlPath);
}
