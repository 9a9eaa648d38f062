import { randomBytes } from "node:crypto";
import { fixture, signPayload } from "@acme/clerk-sync/testing";
import { expect, test } from "@playwright/test";

/** The organizations list's page size. */
const PAGE = 100;
const ORGANIZATIONS = PAGE + 5;

test("a synced-data list pages by keyset within its search: every organization once, newest first", async ({
  page,
  request,
}) => {
  const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET ?? "";
  // A name of their own, so the search shows exactly these organizations.
  const token = `pagetest${randomBytes(4).toString("hex")}`;
  const created = Date.UTC(2026, 0, 1);
  const sent: { id: string; at: number }[] = [];
  for (let n = 0; n < ORGANIZATIONS; n++) {
    const event = fixture("organization.created");
    event.data.name = `${token} ${n}`;
    // Seven at a time share their creation time, so a page ends inside a tie, which the id
    // settles.
    const at = created + Math.floor(n / 7) * 60_000;
    event.data.created_at = at;
    event.data.updated_at = at;
    const { headers, body } = signPayload(event, { secret });
    const response = await request.post("/api/webhooks", { headers, data: body });
    expect(response.status()).toBe(200);
    sent.push({ id: event.data.id, at });
  }
  // Newest first, ties by id, newest first too.
  const expected = [...sent]
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((org) => org.id);

  await page.goto(`/organizations?q=${token}`);
  const cards = page.getByTestId("org-card");
  await expect(cards).toHaveCount(PAGE);
  await expect(page.getByTestId("organizations-shown")).toHaveText(
    `Showing ${PAGE} organizations matching the search.`,
  );
  const first = await cards.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-org-id")));

  await page.getByTestId("older-page").click();
  await expect(cards).toHaveCount(ORGANIZATIONS - PAGE);
  await expect(page.getByTestId("older-page")).toHaveCount(0);
  await expect(page.getByTestId("organizations-shown")).toHaveText(
    `Showing ${ORGANIZATIONS - PAGE} organizations matching the search, older page.`,
  );
  const second = await cards.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-org-id")));

  // Every one exactly once, newest first.
  expect([...first, ...second]).toEqual(expected);

  await page.getByRole("link", { name: "Newest" }).click();
  await expect(cards).toHaveCount(PAGE);
  await expect(cards.first()).toHaveAttribute("data-org-id", expected[0] ?? "");
});
