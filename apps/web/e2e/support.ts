import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const SCREENSHOTS = path.join(import.meta.dirname, "..", "test-results", "screenshots");
export const DATABASE = path.join(import.meta.dirname, "..", ".e2e", "e2e.db");

export interface Sent {
  svixId: string;
  type: string;
  subject: string;
  httpStatus: number;
}

/**
 * Press a scenario's Send button on the overview (after filling its options) and return what the
 * panel reports for each delivery.
 */
export async function sendScenario(
  page: Page,
  title: string,
  options: { fill?: Record<string, string>; check?: string[] } = {},
): Promise<{ deliveries: Sent[]; summary: string }> {
  // A fresh page load: the panel shows no earlier result to mistake for this one.
  await page.goto("/");
  const card = page.locator("form", { has: page.getByRole("button", { name: `Send: ${title}` }) });
  for (const [name, value] of Object.entries(options.fill ?? {})) {
    await card.locator(`input[name="${name}"]`).fill(value);
  }
  for (const name of options.check ?? []) await card.locator(`input[name="${name}"]`).check();
  await card.getByRole("button", { name: `Send: ${title}` }).click();
  const result = page.getByTestId("send-result");
  await expect(result).toBeVisible();
  await expect(result.getByRole("heading")).toHaveText(title);
  const deliveries = await result.getByTestId("sent-delivery").evaluateAll((items) =>
    items.map((li) => ({
      svixId: li.getAttribute("data-svix-id") ?? "",
      type: li.getAttribute("data-type") ?? "",
      subject: li.getAttribute("data-subject") ?? "",
      httpStatus: Number(li.getAttribute("data-http-status")),
    })),
  );
  const summary = (await result.getByTestId("send-summary").textContent()) ?? "";
  return { deliveries, summary };
}

/** Open the event log and wait until every one of `svixIds` shows `status`. */
export async function expectDeliveries(
  page: Page,
  svixIds: string[],
  status: string,
): Promise<void> {
  await page.goto("/events");
  for (const id of new Set(svixIds)) {
    await expect(page.locator(`[data-event-id="${id}"]`)).toHaveAttribute("data-status", status);
  }
}

export function subjectsOf(
  deliveries: { type: string; subject: string }[],
  typePrefix: string,
): string[] {
  return [
    ...new Set(deliveries.filter((d) => d.type.startsWith(typePrefix)).map((d) => d.subject)),
  ];
}
