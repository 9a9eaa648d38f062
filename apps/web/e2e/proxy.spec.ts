import { fixture, signPayload } from "@acme/clerk-sync/testing";
import { expect, test } from "@playwright/test";

const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET ?? "";
const port = Number(process.env.E2E_PORT ?? 3010);
const protectedOrigin = `http://127.0.0.1:${port + 1}`;

test("a signed POST to /api/webhooks passes through clerkMiddleware and is accepted", async ({
  request,
}) => {
  const { headers, body, svixId } = signPayload(fixture("user.created"), { secret });
  const response = await request.post("/api/webhooks", { headers, data: body });
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ received: true, id: svixId, duplicate: false });
  // clerkMiddleware ran on the way in: it stamps its verdict on every response it handles.
  expect(response.headers()["x-clerk-auth-status"]).toBe("signed-out");
});

test("an unsigned POST to /api/webhooks is refused with 400", async ({ request }) => {
  const response = await request.post("/api/webhooks", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify(fixture("user.created")),
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.code).toBe("MISSING_SVIX_HEADERS");
  expect(response.headers()["x-clerk-auth-status"]).toBe("signed-out");
});

test("with real-format Clerk keys (demo mode off) the dashboard redirects to sign-in", async ({
  request,
}) => {
  for (const page of ["/", "/events", "/users"]) {
    const response = await request.get(`${protectedOrigin}${page}`, {
      maxRedirects: 0,
      headers: { accept: "text/html", "sec-fetch-dest": "document" },
    });
    expect(response.status(), page).toBe(307);
    const location = new URL(response.headers().location ?? "");
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("redirect_url")).toBe(`${protectedOrigin}${page}`);
  }
  // The webhook route stays public there too: Clerk has no session to send.
  const { headers, body } = signPayload(fixture("user.created"), { secret });
  const webhook = await request.post(`${protectedOrigin}/api/webhooks`, { headers, data: body });
  expect(webhook.status()).toBe(200);
});
