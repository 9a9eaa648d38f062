import { randomBytes } from "node:crypto";
import { fixture, signPayload } from "@acme/clerk-sync/testing";
import { expect, test } from "@playwright/test";

const DELIVERIES = 60;
/** The log's page size. */
const PAGE = 50;

test("the event log pages by keyset: every delivery once, newest first, with its subject", async ({
  page,
  request,
}) => {
  const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET ?? "";
  // A prefix of their own, so the svix-id filter shows exactly these deliveries.
  const prefix = `msg_page${randomBytes(4).toString("hex")}_`;
  const sent: { svixId: string; subject: string }[] = [];
  for (let n = 0; n < DELIVERIES; n++) {
    const event = fixture("user.created");
    const svixId = `${prefix}${String(n).padStart(3, "0")}`;
    const { headers, body } = signPayload(event, { secret, svixId });
    const response = await request.post("/api/webhooks", { headers, data: body });
    expect(response.status()).toBe(200);
    sent.push({ svixId, subject: event.data.id });
  }

  await page.goto(`/events?id=${prefix}`);
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(PAGE);
  await expect(
    page.getByText(`Showing ${PAGE} of ${DELIVERIES} deliveries matching`),
  ).toBeVisible();
  const first = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id")));

  await page.getByTestId("older-page").click();
  await expect(rows).toHaveCount(DELIVERIES - PAGE);
  await expect(page.getByTestId("older-page")).toHaveCount(0);
  const second = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id")));

  const seen = [...first, ...second];
  expect(new Set(seen).size).toBe(DELIVERIES);
  expect(new Set(seen)).toEqual(new Set(sent.map((s) => s.svixId)));
  // Sent one after another: the last sent is on top of the first page, the first at the end.
  expect(seen[0]).toBe(sent.at(-1)?.svixId);
  expect(seen.at(-1)).toBe(sent[0]?.svixId);
  // The subject comes from its own column.
  const oldest = sent[0];
  await expect(page.locator(`[data-event-id="${oldest?.svixId}"]`)).toContainText(
    oldest?.subject ?? "",
  );
});
