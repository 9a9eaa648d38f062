import { ClerkSyncError } from "../errors/index.js";

const SECRET_PREFIX = "whsec_";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Check a Svix signing secret (`whsec_` + base64 key) without ever echoing it. Throws a
 * `ClerkSyncError` that answers 500: a misconfigured endpoint must fail closed so Svix keeps
 * retrying, never accept events it cannot verify.
 */
export function assertSigningSecret(secret: string | undefined): string {
  if (!secret || secret.trim() === "") {
    throw new ClerkSyncError("SIGNING_SECRET_MISSING", "The webhook signing secret is not set.", {
      suggestion:
        "Set CLERK_WEBHOOK_SIGNING_SECRET to the endpoint's signing secret from the Clerk Dashboard (Webhooks → your endpoint → Signing Secret).",
    });
  }
  const trimmed = secret.trim();
  const key = trimmed.startsWith(SECRET_PREFIX) ? trimmed.slice(SECRET_PREFIX.length) : "";
  const bytes = BASE64.test(key) && key.length % 4 === 0 ? Buffer.from(key, "base64").length : 0;
  if (bytes < 16 || bytes > 128) {
    throw new ClerkSyncError(
      "SIGNING_SECRET_MALFORMED",
      `The webhook signing secret is malformed (expected "whsec_" followed by a base64 key; got ${describeShape(trimmed)}).`,
      {
        suggestion:
          "Copy the signing secret again from the Clerk Dashboard; it starts with whsec_. Do not use the secret key (sk_…) or the publishable key (pk_…).",
      },
    );
  }
  return trimmed;
}

/** The shape of a bad secret, for an error message, without revealing any of it. */
function describeShape(secret: string): string {
  const prefix = /^(whsec|sk_live|sk_test|pk_live|pk_test)_?/.exec(secret)?.[0];
  return `${secret.length} characters${prefix ? `, starting with "${prefix}"` : ""}`;
}
