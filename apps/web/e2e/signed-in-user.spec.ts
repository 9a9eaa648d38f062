import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { DATABASE } from "./support";

function syncedUser(id: string) {
  const db = new Database(DATABASE, { readonly: true });
  try {
    return db.prepare("SELECT id, sync_version FROM clerk_users WHERE id = ?").get(id) as
      | { id: string; sync_version: unknown }
      | undefined;
  } finally {
    db.close();
  }
}

test("the signed-in user's page fetches a user the webhook has not brought yet from the demo's Clerk API, and writes the row", async ({
  page,
}) => {
  await page.goto("/me");
  const card = page.getByTestId("signed-in-user");
  await expect(card).toBeVisible();
  const userId = (await card.getAttribute("data-user-id")) ?? "";
  expect(userId).toMatch(/^user_/);

  // The first visit found no row: it came from the Backend API and is in the database now.
  await expect(card).toHaveAttribute("data-source", "clerk-api");
  await expect(page.getByTestId("signed-in-source")).toContainText(
    "fetched from Clerk's Backend API",
  );
  expect(syncedUser(userId)).toMatchObject({ id: userId });

  // The next visit reads it from the database.
  await page.reload();
  await expect(page.getByTestId("signed-in-user")).toHaveAttribute("data-source", "database");
  await expect(page.getByTestId("signed-in-user")).toHaveAttribute("data-user-id", userId);

  await page.goto(`/users?q=${userId}`);
  await expect(page.getByTestId("user-row")).toHaveAttribute("data-user-id", userId);
});
