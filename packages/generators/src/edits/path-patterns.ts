import { pathToRegexp } from "path-to-regexp";

/** The path Clerk posts to. */
export const WEBHOOK_PATH = "/api/webhooks";
/**
 * The same route as a path-to-regexp pattern, for the places that take patterns: an app's own
 * `createRouteMatcher` public list and `config.matcher`. Written as Clerk's docs write it.
 */
export const WEBHOOK_PATTERN = "/api/webhooks(.*)";

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
