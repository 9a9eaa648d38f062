import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { DATABASE, expectDeliveries, sendScenario } from "./support";

/** The synced user row's first name, or null when there is no live row. */
function syncedFirstName(id: string): string | null {
  const db = new Database(DATABASE, { readonly: true });
  try {
    const row = db
      .prepare("SELECT first_name FROM clerk_users WHERE id = ? AND deleted_at IS NULL")
      .get(id) as { first_name: string | null } | undefined;
    return row ? (row.first_name ?? "") : null;
  } finally {
    db.close();
  }
}

test("a done delivery is replayed only after a confirm, and the forced replay brings a lost row back", async ({
  page,
}) => {
  const { deliveries } = await sendScenario(page, "A user signs up and joins an organization");
  const created = deliveries.find((d) => d.type === "user.created");
  if (!created) throw new Error("the scenario sent no user.created");
  await expectDeliveries(page, [created.svixId], "done");
  expect(syncedFirstName(created.subject)).toBe("Ada");

  // The synced row is lost (a bad migration, a hand edit): a redelivery would change nothing.
  const db = new Database(DATABASE);
  db.prepare("DELETE FROM clerk_users WHERE id = ?").run(created.subject);
  db.close();

  await page.goto(`/events/${encodeURIComponent(created.svixId)}`);
  const replay = page.getByRole("button", { name: "Replay anyway" });
  await expect(page.getByRole("checkbox", { name: "run hooks again" })).not.toBeChecked();

  // Dismissed: nothing happens.
  page.once("dialog", (dialog) => dialog.dismiss());
  await replay.click();
  await expect(replay).toBeEnabled();
  expect(syncedFirstName(created.subject)).toBeNull();

  // Confirmed: the delivery runs again through the version guard, and the row is back.
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toMatch(/a redelivery would change nothing/);
    return dialog.accept();
  });
  await replay.click();
  await expect.poll(() => syncedFirstName(created.subject), { timeout: 20_000 }).toBe("Ada");
  await page.reload();
  await expect(page.getByRole("button", { name: "Replay anyway" })).toBeVisible();
});
