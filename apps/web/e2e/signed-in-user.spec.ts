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

/** Remove the user's synced row, as for a user no webhook and no backfill has brought yet. */
function forgetSyncedUser(id: string) {
  const db = new Database(DATABASE);
  try {
    db.prepare("DELETE FROM clerk_users WHERE id = ?").run(id);
  } finally {
    db.close();
  }
}

test("the signed-in user's page fetches a user the webhook has not brought yet from the demo's Clerk API, and writes the row", async ({
  page,
}) => {
  // Which user is signed in: the demo instance's first user.
  await page.goto("/me");
  const card = page.getByTestId("signed-in-user");
  await expect(card).toBeVisible();
  const userId = (await card.getAttribute("data-user-id")) ?? "";
  expect(userId).toMatch(/^user_/);
  // Start from no row, whatever ran before (the drift test's backfill brings this user in).
  forgetSyncedUser(userId);
  expect(syncedUser(userId)).toBeUndefined();
  await page.reload();

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
