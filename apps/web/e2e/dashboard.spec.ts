import path from "node:path";
import { DEFAULT_RETRY_POLICY } from "@acme/clerk-sync";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { DATABASE, expectDeliveries, SCREENSHOTS, sendScenario, subjectsOf } from "./support";

test("a user signs up and joins an organization: user, organization and membership appear, events processed", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByTestId("demo-banner")).toContainText("Demo mode");
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview-empty.png"), fullPage: true });

  const { deliveries, summary } = await sendScenario(
    page,
    "A user signs up and joins an organization",
  );
  expect(deliveries.map((d) => d.httpStatus)).toEqual(deliveries.map(() => 200));
  expect(summary).toContain(`${deliveries.length} sent: ${deliveries.length} recorded`);
  const [userId] = subjectsOf(deliveries, "user.");
  const [orgId] = subjectsOf(deliveries, "organization.");
  const [membershipId] = subjectsOf(deliveries, "organizationMembership.");
  expect(userId).toMatch(/^user_/);
  expect(orgId).toMatch(/^org_/);
  expect(membershipId).toMatch(/^orgmem_/);

  await expectDeliveries(
    page,
    deliveries.map((d) => d.svixId),
    "done",
  );
  await expect(page.locator(`[data-event-id="${deliveries[0]?.svixId}"]`)).toContainText(
    "processed",
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, "event-log.png"), fullPage: true });

  await page.goto("/users");
  const user = page.locator(`[data-user-id="${userId}"]`);
  await expect(user).toContainText("Ada Lovelace");
  await expect(user).toContainText("active");

  await page.goto("/organizations");
  const org = page.locator(`[data-org-id="${orgId}"]`);
  await expect(org).toContainText("Analytical Engines");
  await expect(org.getByTestId("org-member")).toContainText(["Ada Lovelace"]);
  await expect(org.getByTestId("org-member")).toContainText(["org:admin"]);
  await page.screenshot({ path: path.join(SCREENSHOTS, "organizations.png"), fullPage: true });

  await page.goto("/memberships");
  const membership = page.locator(`[data-membership-id="${membershipId}"]`);
  await expect(membership).toContainText("Ada Lovelace");
  await expect(membership).toContainText("Analytical Engines");
  await expect(membership).toContainText("org:admin");

  await page.goto("/");
  await expect(page.getByTestId("sync-lag")).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview.png"), fullPage: true });
});

test("an out-of-order storm ends in the same state as the same history in order", async ({
  page,
}) => {
  const inOrder = await sendScenario(page, "An out-of-order storm", { check: ["inOrder"] });
  const storm = await sendScenario(page, "An out-of-order storm");
  // The storm really is out of order and has duplicates; the in-order run has neither.
  expect(storm.summary).toMatch(/answered as duplicates/);
  expect(inOrder.summary).not.toMatch(/duplicates/);
  expect(storm.deliveries.map((d) => d.type)).not.toEqual(inOrder.deliveries.map((d) => d.type));

  await expectDeliveries(
    page,
    [...inOrder.deliveries, ...storm.deliveries].map((d) => d.svixId),
    "done",
  );

  const expected = endState(inOrder.deliveries);
  expect(endState(storm.deliveries)).toEqual(expected);
  // And that state is the story's ending: one of three users and one of two memberships deleted,
  // the surviving member promoted.
  expect(expected.users.map((u) => u.deleted).sort()).toEqual([false, false, true]);
  expect(expected.organizations).toHaveLength(1);
  expect(expected.organizations[0]?.deleted).toBe(false);
  expect(expected.memberships.map((m) => [m.role, m.deleted]).sort()).toEqual([
    ["org:admin", false],
    ["org:member", true],
  ]);
  const admin = expected.memberships.find((m) => !m.deleted)?.member ?? "";
  const removed = expected.memberships.find((m) => m.deleted)?.member ?? "";

  // What the dashboard shows for the shuffled run's organization.
  const [orgId] = subjectsOf(storm.deliveries, "organization.");
  await page.goto(`/organizations/${orgId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    expected.organizations[0]?.name ?? "",
  );
  const members = page.getByRole("table", { name: "Members", exact: true }).locator("tbody tr");
  await expect(members).toHaveCount(1);
  await expect(members).toContainText(admin.split(" ")[1] ?? admin);
  await expect(members).toContainText("org:admin");
  const former = page.getByRole("table", { name: "Former members" }).locator("tbody tr");
  await expect(former).toHaveCount(1);
  await expect(former).toContainText(removed);
  await expect(former).toContainText("removed");
});

test("a burst of duplicates is recorded and applied once", async ({ page }) => {
  const { deliveries, summary } = await sendScenario(page, "A burst of duplicates", {
    fill: { copies: "10" },
  });
  expect(deliveries).toHaveLength(10);
  const ids = new Set(deliveries.map((d) => d.svixId));
  expect(ids.size).toBe(1);
  expect(summary).toContain("10 sent: 1 recorded, 9 answered as duplicates");

  const [svixId] = [...ids];
  await page.goto(`/events?id=${svixId}`);
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-status", "done");
  await expect(rows.first()).toHaveAttribute("data-attempts", "1");
  await expect(page.getByText("Showing 1 of 1 delivery matching the filters")).toBeVisible();
  await page.screenshot({
    path: path.join(SCREENSHOTS, "event-log-duplicate-burst.png"),
    fullPage: true,
  });

  const [userId] = subjectsOf(deliveries, "user.");
  await page.goto(`/users?q=${userId}`);
  await expect(page.getByTestId("user-row")).toHaveCount(1);
});

/**
 * How many attempts the demo hook fails, so that a replay gets in before the kit's own retry:
 * the first attempt after which the default policy waits at least 15 s (its jitter halves the
 * delay at most). Plenty of time to see the delivery failed and press Replay, with no test-only
 * retry settings on the server.
 */
function failTimesForReplay(): number {
  const { baseDelayMs, maxAttempts } = DEFAULT_RETRY_POLICY;
  for (let attempt = 1; attempt < maxAttempts; attempt++) {
    if ((baseDelayMs * 2 ** (attempt - 1)) / 2 >= 15_000) return attempt;
  }
  throw new Error("the default retry policy never waits 15 s before a retry");
}

test("a failing delivery shows as failed, and Replay turns it done", async ({ page }) => {
  test.setTimeout(150_000);
  const failTimes = failTimesForReplay();
  const { deliveries } = await sendScenario(page, "A failing handler that recovers", {
    fill: { failTimes: String(failTimes) },
  });
  const [delivery] = deliveries;
  expect(delivery?.httpStatus).toBe(200);

  await page.goto(`/events?id=${delivery?.svixId}`);
  const row = page.locator(`[data-event-id="${delivery?.svixId}"]`);
  await expect(row).toHaveAttribute("data-status", "failed");
  await expect(row).toContainText("Demo hook failing on purpose");
  // The kit retries on its own with backoff; after the last failing attempt it waits long enough.
  await expect(row).toHaveAttribute("data-attempts", String(failTimes), { timeout: 90_000 });
  await expect(row).toHaveAttribute("data-status", "failed");
  await page.screenshot({ path: path.join(SCREENSHOTS, "event-log-failed.png"), fullPage: true });
  // Only Replay may finish it: the kit's own next retry is moved an hour away.
  postponeRetry(delivery?.svixId ?? "", failTimes);

  await row.getByRole("button", { name: "Replay" }).click();
  await expect(row).toHaveAttribute("data-status", "done");
  await expect(row).toHaveAttribute("data-attempts", String(failTimes + 1));

  await page.goto(`/users?q=${delivery?.subject}`);
  await expect(page.getByTestId("user-row")).toContainText("Alan Turing");
});

/**
 * Move a failed delivery's next retry an hour later, in the ledger the server reads. The kit's
 * retry timer still fires at the old time, finds the delivery not due, and leaves it.
 */
function postponeRetry(svixId: string, attempts: number): void {
  const db = new Database(DATABASE, { timeout: 5_000 });
  try {
    const where = "WHERE id = ? AND status = 'failed' AND attempts = ?";
    const row = db
      .prepare(`SELECT next_attempt_at AS at FROM clerk_webhook_events ${where}`)
      .get(svixId, attempts) as { at: string | number } | undefined;
    if (!row) throw new Error(`${svixId} is not failed after ${attempts} attempt(s)`);
    const later = Date.now() + 3_600_000;
    // Written the way the adapter stores it: epoch milliseconds or ISO 8601 text.
    const value =
      typeof row.at === "number"
        ? later
        : new Date(later).toISOString().replace(/Z$/, row.at.endsWith("Z") ? "Z" : "+00:00");
    const { changes } = db
      .prepare(`UPDATE clerk_webhook_events SET next_attempt_at = ? ${where}`)
      .run(value, svixId, attempts);
    expect(changes).toBe(1);
  } finally {
    db.close();
  }
}

/** The scenario's entities as a name-keyed snapshot, so two runs with different ids compare. */
function endState(deliveries: { type: string; subject: string }[]) {
  const db = new Database(DATABASE, { readonly: true });
  try {
    const ids = (prefix: string) => JSON.stringify(subjectsOf(deliveries, prefix));
    const users = db
      .prepare(
        "SELECT id, first_name, last_name, deleted_at FROM clerk_users WHERE id IN (SELECT value FROM json_each(?))",
      )
      .all(ids("user.")) as {
      id: string;
      first_name: string | null;
      last_name: string | null;
      deleted_at: unknown;
    }[];
    const orgs = db
      .prepare(
        "SELECT name, deleted_at FROM clerk_organizations WHERE id IN (SELECT value FROM json_each(?))",
      )
      .all(ids("organization.")) as { name: string | null; deleted_at: unknown }[];
    const memberships = db
      .prepare(
        "SELECT user_first_name, user_last_name, role, deleted_at FROM clerk_organization_memberships WHERE id IN (SELECT value FROM json_each(?))",
      )
      .all(ids("organizationMembership.")) as {
      user_first_name: string | null;
      user_last_name: string | null;
      role: string | null;
      deleted_at: unknown;
    }[];
    // A deleted user is a tombstone without names: name it from its last user.* event.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return {
      users: users
        .map((u) => ({
          name: u.deleted_at ? deletedUserName(db, u.id) : `${u.first_name} ${u.last_name}`,
          deleted: Boolean(u.deleted_at),
        }))
        .sort(byName),
      organizations: orgs
        .map((o) => ({ name: o.name ?? "", deleted: Boolean(o.deleted_at) }))
        .sort(byName),
      memberships: memberships
        .map((m) => ({
          member: `${m.user_first_name} ${m.user_last_name}`,
          role: m.role ?? "",
          deleted: Boolean(m.deleted_at),
        }))
        .sort((a, b) => a.member.localeCompare(b.member)),
    };
  } finally {
    db.close();
  }
}

/** The name a deleted user had, from the last user.* payload the ledger holds for it. */
function deletedUserName(db: Database.Database, id: string): string {
  const row = db
    .prepare(
      "SELECT payload FROM clerk_webhook_events WHERE type IN ('user.created','user.updated') AND json_extract(payload, '$.data.id') = ? ORDER BY event_timestamp DESC LIMIT 1",
    )
    .get(id) as { payload: string } | undefined;
  if (!row) return id;
  const data = (JSON.parse(row.payload) as { data: { first_name?: string; last_name?: string } })
    .data;
  return `${data.first_name} ${data.last_name}`;
}
