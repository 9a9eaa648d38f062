import { pathToRegexp } from "path-to-regexp";

/** The path Clerk posts to. */
export const WEBHOOK_PATH = "/api/webhooks";
/**
 * The route as path-to-regexp patterns, for the places that take patterns (an app's own
 * `createRouteMatcher` public list, `config.matcher`): the path itself and what is under it,
 * and nothing else. Clerk's docs write `"/api/webhooks(.*)"`, which also matches any sibling
 * that merely starts the same way (`/api/webhooks-old`) and so makes it public too.
 *
 * @example webhookPatterns("/api/webhooks") // ["/api/webhooks", "/api/webhooks/(.*)"]
 */
export function webhookPatterns(path: string = WEBHOOK_PATH): [string, string] {
  return [path, `${path}/(.*)`];
}

/**
 * Whether a route pattern matches `path` the way Next.js (`config.matcher`) and Clerk
 * (`createRouteMatcher`) read it: both compile patterns with path-to-regexp 6. A pattern that
 * does not compile matches nothing (Next.js would refuse it at build time anyway).
 *
 * @example patternMatches("/api/webhooks(.*)", "/api/webhooks") // true
 */
export function patternMatches(pattern: string, path: string = WEBHOOK_PATH): boolean {
  try {
    return pathToRegexp(pattern).test(path);
  } catch {
    return false;
  }
}
