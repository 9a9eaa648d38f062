import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import { clerkPublishableKey, isDemoMode } from "@/demo/keys";

/** Routes anyone may call. Clerk's webhooks must reach /api/webhooks without a session. */
const isPublicRoute = createRouteMatcher(["/api/webhooks(.*)"]);

export default clerkMiddleware(
  async (auth, request) => {
    // The offline demo has no Clerk instance to sign in to; its pages say the dashboard is public.
    if (!isPublicRoute(request) && !isDemoMode()) await auth.protect();
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
