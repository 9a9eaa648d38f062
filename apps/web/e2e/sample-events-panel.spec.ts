import { expect, type Page, test } from "@playwright/test";
import { signedInCookies } from "./session-token";

const port = Number(process.env.E2E_PORT ?? 3010);
const realKeysOrigin = `http://127.0.0.1:${port + 1}`;
const sessionKey = process.env.E2E_SESSION_PRIVATE_KEY ?? "";

/** The overview's panel: its heading and a Send button per scenario. */
const panel = (page: Page) => ({
  heading: page.getByRole("heading", { name: "Send sample events" }),
  sendButtons: page.getByRole("button", { name: /^Send: / }),
});

test("the Send sample events panel is on the demo's overview, and gone for a signed-in user with real keys", async ({
  page,
  context,
}) => {
  await page.goto("/");
  await expect(panel(page).heading).toBeVisible();
  expect(await panel(page).sendButtons.count()).toBeGreaterThan(0);

  // Signed in on the server whose keys are real-format (demo mode off): the same build, the
  // same overview, and no panel.
  const cookies = signedInCookies(sessionKey, {
    userId: "user_e2eSignedIn",
    sessionId: "sess_e2eSignedIn",
    origin: realKeysOrigin,
  });
  await context.addCookies(
    cookies.split("; ").map((pair) => {
      const [name = "", value = ""] = pair.split("=");
      return { name, value, url: realKeysOrigin };
    }),
  );
  // Clerk's browser script would load from the instance's Frontend API, which does not exist
  // here: the page is read as the server rendered it.
  const response = await page.goto(`${realKeysOrigin}/`, { waitUntil: "domcontentloaded" });
  expect(response?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Receiving Clerk's webhooks" })).toBeVisible();
  await expect(panel(page).heading).toHaveCount(0);
  await expect(panel(page).sendButtons).toHaveCount(0);
});
