import path from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { SCREENSHOTS } from "./support";

/** Press one of the Drift panel's demo buttons and wait for its result. */
async function press(page: Page, label: string, title: string): Promise<Locator> {
  const panel = page.getByTestId("drift-panel");
  const result = page.getByTestId("drift-result");
  const before = (await result.count()) > 0 ? await result.getAttribute("data-sequence") : null;
  await panel.getByRole("button", { name: label, exact: true }).click();
  await expect(result).not.toHaveAttribute("data-sequence", before ?? "none");
  await expect(result.getByRole("heading")).toHaveText(title);
  await expect(result.getByRole("alert")).toHaveCount(0);
  return result;
}

/** The Drift panel's row for a group, as the page shows it after the action's refresh. */
function group(page: Page, name: string): Locator {
  return page.locator(`[data-testid="drift-group"][data-group="${name}"]`);
}

test("in demo mode the dashboard backfills from the demo's Clerk instance, reconciles, and shows the Drift panel", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto("/");
  const status = page.getByTestId("drift-status");
  await expect(page.getByTestId("drift-panel")).toBeVisible();

  const backfilled = await press(page, "Backfill", "Backfilled from the demo instance");
  await expect(backfilled).toContainText(/\d+ objects read and written/);
  await page.goto("/users");
  // The demo instance's 150 seeded users are here now (with any sample event's).
  await expect(page.getByTestId("user-row").nth(149)).toBeVisible();

  await page.goto("/");
  // Whatever earlier tests left aside, after a fix the next reconcile finds nothing.
  await press(page, "Reconcile and fix", "Reconciled and fixed");
  await press(page, "Reconcile", "Reconciled");
  await expect(status).toHaveAttribute("data-drift", "0");
  await expect(status).toHaveText("In step with Clerk");
  await expect(group(page, "user")).toBeVisible();
  expect(
    Number(await group(page, "user").locator("td").nth(1).textContent()),
  ).toBeGreaterThanOrEqual(150);

  // Clerk changes, and no webhook says so: three users renamed, two deleted, two created, and an
  // organization deleted with its memberships.
  const changed = await press(page, "Change the instance", "Changed the demo instance");
  await expect(changed).toContainText("Renamed 3 users, deleted 2, created 2.");
  await press(page, "Reconcile", "Reconciled");
  await expect(group(page, "user")).toHaveAttribute("data-missing", "2");
  await expect(group(page, "user")).toHaveAttribute("data-stale", "3");
  await expect(group(page, "user")).toHaveAttribute("data-deleted", "2");
  await expect(group(page, "organization")).toHaveAttribute("data-deleted", "1");
  await expect(status).not.toHaveAttribute("data-drift", "0");
  await expect(status).toContainText("out of step");
  await page.screenshot({ path: path.join(SCREENSHOTS, "drift-panel.png"), fullPage: true });

  await press(page, "Reconcile and fix", "Reconciled and fixed");
  await press(page, "Reconcile", "Reconciled");
  await expect(status).toHaveAttribute("data-drift", "0");
  await expect(group(page, "user")).toHaveAttribute("data-missing", "0");
  await expect(group(page, "user")).toHaveAttribute("data-stale", "0");
  await expect(group(page, "user")).toHaveAttribute("data-deleted", "0");
  await page.goto("/users?q=Signup");
  await expect(page.getByTestId("user-row")).toHaveCount(2);
});
