"use server";

import { isCatalogedEventType } from "@acme/clerk-sync";
import { fixture, isScenarioName, newSvixId, scenario } from "@acme/clerk-sync/samples";
import { revalidatePath } from "next/cache";
import { env } from "@/lib/env";
import { demoClerkInstance } from "./clerk-instance";
import { isDemoMode } from "./keys";
import { type Delivery, type DeliveryResult, postDeliveries } from "./send";

export interface SendState {
  title: string;
  description: string;
  results: DeliveryResult[];
  error?: string;
  /** Increases with every send, so the panel can tell two identical results apart. */
  sequence: number;
}

/**
 * The "Send sample events" panel: build a single event or a scenario, sign it with this app's
 * secret and post it to this app's own webhook endpoint. Only in the offline demo: with real keys
 * the database holds a real instance's data, and made-up events do not belong in it.
 */
export async function sendSampleEvents(
  previous: SendState | null,
  form: FormData,
): Promise<SendState> {
  const sequence = (previous?.sequence ?? 0) + 1;
  const fail = (title: string, error: string): SendState => ({
    title,
    description: "",
    results: [],
    error,
    sequence,
  });
  if (!isDemoMode()) {
    return fail(
      "Not sent",
      "Sample events can only be sent in demo mode (placeholder Clerk keys).",
    );
  }
  const origin = ownOrigin();
  const kind = form.get("kind");
  try {
    if (kind === "event") {
      const type = String(form.get("type") ?? "");
      if (!isCatalogedEventType(type))
        return fail("Not sent", `"${type}" is not a Clerk event type in the catalog.`);
      const delivery: Delivery = { svixId: newSvixId(), payload: fixture(type) };
      await tellDemoInstance([delivery]);
      const results = await postDeliveries(origin, [delivery]);
      revalidatePath("/", "layout");
      return {
        title: `Sent ${type}`,
        description: "One signed delivery with a realistic payload and fresh ids.",
        results,
        sequence,
      };
    }
    const name = String(form.get("scenario") ?? "");
    if (!isScenarioName(name)) return fail("Not sent", `Unknown scenario "${name}".`);
    const built = scenario(name, {
      ...optionalInt(form, "failTimes"),
      ...optionalInt(form, "copies"),
      ...optionalInt(form, "seed"),
      ...(form.get("inOrder") === "on" ? { inOrder: true } : {}),
    });
    await tellDemoInstance(built.deliveries);
    // Svix redelivers a timed-out message while the first attempt may still be running: the
    // burst goes out all at once. Everything else is sent in the scenario's (shuffled) order.
    const results = await postDeliveries(origin, built.deliveries, {
      concurrent: name === "duplicate-burst",
    });
    revalidatePath("/", "layout");
    return { title: built.title, description: built.description, results, sequence };
  } catch (error) {
    return fail("Not sent", error instanceof Error ? error.message : String(error));
  }
}

/**
 * A sample event stands for a change in Clerk: make it in the demo's Clerk instance too, so that
 * its Backend API (which backfill and reconcile read) and the webhooks tell the same story.
 */
async function tellDemoInstance(deliveries: readonly Delivery[]): Promise<void> {
  const instance = await demoClerkInstance();
  for (const { payload } of deliveries) instance.store.apply(payload);
}

/**
 * This server, over loopback. Next.js sets PORT to the port it listens on; the Host header is not
 * trusted, so a forged one cannot make the server sign events for somewhere else.
 */
function ownOrigin(): string {
  return `http://127.0.0.1:${env.port}`;
}

function optionalInt(form: FormData, name: string): Record<string, number> {
  const raw = form.get(name);
  if (typeof raw !== "string" || raw.trim() === "") return {};
  const value = Number(raw);
  return Number.isInteger(value) ? { [name]: value } : {};
}
