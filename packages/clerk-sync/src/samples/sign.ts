import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "svix";

export interface SignOptions {
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /** Default: a fresh `msg_…` id. Reuse one to simulate a redelivery. */
  svixId?: string;
  /** Default: now. Move it to test the timestamp tolerance. */
  timestamp?: Date;
  /** Default: `http://localhost:3000/api/webhooks`. */
  url?: string;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
}

export interface SignedDelivery {
  svixId: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Sign a payload exactly as Svix signs Clerk's deliveries.
 *
 * @example
 * const { headers, body } = signPayload(fixture("user.created"), { secret });
 * await fetch(url, { method: "POST", headers, body });
 */
export function signPayload(payload: unknown, options: SignOptions): SignedDelivery {
  const svixId = options.svixId ?? newSvixId();
  const timestamp = options.timestamp ?? new Date();
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const signature = new Webhook(options.secret).sign(svixId, timestamp, body);
  return {
    svixId,
    body,
    headers: {
      "content-type": "application/json",
      "svix-id": svixId,
      "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "svix-signature": signature,
      "user-agent": "Svix-Webhooks/1.0 (clerk-sync samples)",
      ...options.headers,
    },
  };
}

/**
 * A signed `Request` for a webhook route.
 *
 * @example
 * const response = await POST(signedRequest(fixture("user.created"), { secret }));
 */
export function signedRequest(payload: unknown, options: SignOptions): Request {
  const { body, headers } = signPayload(payload, options);
  return new Request(options.url ?? "http://localhost:3000/api/webhooks", {
    method: "POST",
    headers,
    body,
  });
}

/** A Svix-style message id. */
export function newSvixId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

/** A fresh, valid signing secret (for tests and the offline demo). */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}
