import "server-only";
import { subjectOf } from "@acme/clerk-sync";
import { signPayload } from "@acme/clerk-sync/samples";
import { env } from "@/lib/env";

/** One signed delivery to post: a redelivery reuses the svix-id. */
export interface Delivery {
  svixId: string;
  payload: { type: string; data: unknown };
}

export interface DeliveryResult {
  svixId: string;
  type: string;
  /** The Clerk id the event is about (`data.id`). */
  subject: string | null;
  /** The HTTP status /api/webhooks answered, or 0 when the request failed outright. */
  status: number;
  /** The route recognised the svix-id and applied nothing. */
  duplicate: boolean;
  error?: string;
}

/**
 * Sign each delivery with the app's own webhook secret, exactly as Svix would, and POST it to the
 * app's own `/api/webhooks` over HTTP: the same path, verification and ledger as real traffic.
 * `concurrent` sends them all at once (a burst); otherwise one after the other, in order.
 */
export async function postDeliveries(
  origin: string,
  deliveries: Delivery[],
  { concurrent = false }: { concurrent?: boolean } = {},
): Promise<DeliveryResult[]> {
  const secret = env.webhookSigningSecret;
  if (!secret) {
    throw new Error(
      "CLERK_WEBHOOK_SIGNING_SECRET is not set: run `pnpm --filter web demo:setup` to create a local one.",
    );
  }
  const url = new URL("/api/webhooks", origin).toString();
  const send = async ({ svixId, payload }: Delivery): Promise<DeliveryResult> => {
    const { headers, body } = signPayload(payload, { secret, svixId, url });
    const about = { svixId, type: payload.type, subject: subjectOf(payload) };
    try {
      const response = await fetch(url, { method: "POST", headers, body, cache: "no-store" });
      const answer = (await response.json().catch(() => ({}))) as {
        duplicate?: boolean;
        error?: { message?: string };
      };
      return {
        ...about,
        status: response.status,
        duplicate: answer.duplicate === true,
        ...(answer.error?.message ? { error: answer.error.message } : {}),
      };
    } catch (error) {
      return {
        ...about,
        status: 0,
        duplicate: false,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  };
  if (concurrent) return Promise.all(deliveries.map(send));
  const results: DeliveryResult[] = [];
  for (const delivery of deliveries) results.push(await send(delivery));
  return results;
}
