import { verifyWebhook as verifyWithClerkBackend } from "@clerk/backend/webhooks";
import { Webhook, WebhookVerificationError } from "svix";
import type { AnyClerkEvent } from "../catalog/payloads.js";
import { ClerkSyncError } from "../errors/index.js";
import type { VerifiedDelivery } from "../ledger/types.js";
import { readRawBody } from "./body.js";

/** Clerk's verifier signature (`verifyWebhook` from `@clerk/nextjs/webhooks` or `@clerk/backend/webhooks`). */
export type VerifyWebhook = (
  request: Request,
  options: { signingSecret: string },
) => Promise<unknown>;

export const SVIX_HEADERS = ["svix-id", "svix-timestamp", "svix-signature"] as const;

export interface VerifyOptions {
  signingSecret: string;
  maxBodyBytes: number;
  verify?: VerifyWebhook;
}

/**
 * Verify one delivery over its raw bytes and return it with its Svix id and time. This is the
 * only place in the kit that reads a webhook body.
 */
export async function verifyDelivery(
  request: Request,
  options: VerifyOptions,
): Promise<VerifiedDelivery> {
  const headers = readSvixHeaders(request);
  const raw = await readRawBody(request, options.maxBodyBytes);
  const notAnObject = bodyProblem(raw);
  if (notAnObject) {
    // Clerk's verifier parses the body once the signature holds, and fails with the parser's
    // own message (which quotes the body) or a TypeError. Check the signature alone instead,
    // then say what is wrong with the body, without quoting it.
    checkSignature(raw, request.headers, options.signingSecret);
    throw new ClerkSyncError(
      "INVALID_EVENT",
      `The verified body is ${notAnObject}, not a Clerk event.`,
      { suggestion: EVENT_SHAPE },
    );
  }
  // Clerk's verifier reads the body itself; hand it the exact bytes already read and limited.
  const replayed = new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: raw,
  });
  const verify = options.verify ?? verifyWithClerkBackend;
  let verified: unknown;
  try {
    verified = await verify(replayed, { signingSecret: options.signingSecret });
  } catch (error) {
    throw invalidSignature(error);
  }
  return { svixId: headers.id, svixTimestamp: headers.timestamp, event: parseEvent(verified) };
}

const EVENT_SHAPE = 'A Clerk event is a JSON object with a string "type" and an object "data".';

/** What the body is when it is not a JSON object (`undefined` when it is one). */
function bodyProblem(raw: string): string | undefined {
  if (raw.trim() === "") return "empty";
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return "not valid JSON";
  }
  if (value === null) return "JSON null";
  if (Array.isArray(value)) return "a JSON array";
  return typeof value === "object" ? undefined : `a JSON ${typeof value}`;
}

/** The Svix signature over `raw`, without parsing it. Throws `INVALID_SIGNATURE` if it fails. */
function checkSignature(raw: string, headers: Headers, secret: string): void {
  try {
    new Webhook(secret).verify(raw, {
      "svix-id": headers.get("svix-id") ?? "",
      "svix-timestamp": headers.get("svix-timestamp") ?? "",
      "svix-signature": headers.get("svix-signature") ?? "",
    });
  } catch (error) {
    // Anything but a verification error is the parse that follows a valid signature.
    if (error instanceof WebhookVerificationError) throw invalidSignature(error);
  }
}

function invalidSignature(error: unknown): ClerkSyncError {
  const reason =
    error instanceof Error ? error.message.replace(/^.*?: /, "").slice(0, 200) : "unknown error";
  return new ClerkSyncError("INVALID_SIGNATURE", `The webhook could not be verified (${reason}).`, {
    cause: error,
    suggestion:
      "Make sure the request comes from Clerk (Svix), the body is forwarded unchanged, the clock is in sync, and CLERK_WEBHOOK_SIGNING_SECRET belongs to this endpoint.",
  });
}

function readSvixHeaders(request: Request): { id: string; timestamp: Date } {
  const missing = SVIX_HEADERS.filter((name) => !request.headers.get(name)?.trim());
  if (missing.length > 0) {
    throw new ClerkSyncError(
      "MISSING_SVIX_HEADERS",
      `Missing required webhook header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`,
      {
        suggestion: "Only Clerk (through Svix) should call this endpoint; it signs every request.",
      },
    );
  }
  const id = request.headers.get("svix-id")?.trim() ?? "";
  const seconds = Number(request.headers.get("svix-timestamp"));
  if (id.length > 255 || !/^[\x21-\x7e]+$/.test(id)) {
    throw new ClerkSyncError("INVALID_SVIX_HEADERS", "The svix-id header is not a valid id.", {
      suggestion: "Only Clerk (through Svix) should call this endpoint.",
    });
  }
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new ClerkSyncError(
      "INVALID_SVIX_HEADERS",
      "The svix-timestamp header is not a Unix timestamp in seconds.",
      { suggestion: "Only Clerk (through Svix) should call this endpoint." },
    );
  }
  return { id, timestamp: new Date(seconds * 1000) };
}

/** The verified body must look like a Clerk event before anything is stored. */
export function parseEvent(value: unknown): AnyClerkEvent {
  const problem = eventProblem(value);
  if (problem) {
    throw new ClerkSyncError(
      "INVALID_EVENT",
      `The verified body is not a Clerk event: ${problem}.`,
      { suggestion: EVENT_SHAPE },
    );
  }
  return value as AnyClerkEvent;
}

function eventProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const event = value as Record<string, unknown>;
  if (typeof event.type !== "string" || !/^[A-Za-z]+\.[A-Za-z]+$/.test(event.type)) {
    return '"type" is missing or not of the form "resource.action"';
  }
  if (typeof event.data !== "object" || event.data === null || Array.isArray(event.data)) {
    return '"data" is missing or not an object';
  }
  if (event.object !== undefined && event.object !== "event") return '"object" is not "event"';
  return undefined;
}
