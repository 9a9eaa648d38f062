import { clerkMiddleware } from "@clerk/nextjs/server";
import { clerkPublishableKey, isDemoMode } from "@/demo/keys";

/**
 * Routes anyone may call. Clerk's webhooks must reach /api/webhooks without a session: the
 * route and anything under it, compared as Next.js routes requests (`/api/webhooks-old` is
 * another route, and stays protected).
 */
function isPublicRoute(pathname: string): boolean {
  return pathname === "/api/webhooks" || pathname.startsWith("/api/webhooks/");
}

export default clerkMiddleware(
  async (auth, request) => {
    // The offline demo has no Clerk instance to sign in to; its pages say the dashboard is public.
    if (!isPublicRoute(request.nextUrl.pathname) && !isDemoMode()) await auth.protect();
  },
  () => {
    const publishableKey = clerkPublishableKey();
    return publishableKey ? { publishableKey } : {};
  },
);

export const config = {
  matcher: [
    // Skip Next.js internals and static files, unless found in search params
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    // Always run for API routes
    "/(api|trpc)(.*)",
  ],
};
