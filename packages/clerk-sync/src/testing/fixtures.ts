import { randomBytes } from "node:crypto";
import type { ClerkEventType, EventOf } from "../catalog/index.js";

/** Deep-partial overrides for a fixture's `data` and envelope. */
export type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface FixtureOverrides<T extends ClerkEventType> {
  data?: DeepPartial<EventOf<T>["data"]>;
  /** Event time in ms; also the base for `created_at`/`updated_at` unless `data` sets them. */
  timestamp?: number;
  instance_id?: string;
}

/** A Clerk-style id with the given prefix (`user`, `org`, `orgmem`, …). */
export function clerkId(prefix: string): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(27);
  return `${prefix}_${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}

type DataFactory = (at: number) => Record<string, unknown>;

const INSTANCE_ID = "ins_2kDemoInstance0000000000000";

function user(at: number): Record<string, unknown> {
  const id = clerkId("user");
  const emailId = clerkId("idn");
  return {
    object: "user",
    id,
    username: null,
    first_name: "Ada",
    last_name: "Lovelace",
    image_url: "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9",
    has_image: false,
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: true,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [
      {
        object: "email_address",
        id: emailId,
        email_address: "ada@example.com",
        verification: {
          status: "verified",
          strategy: "email_code",
          attempts: 1,
          expire_at: at + 600_000,
        },
        linked_to: [],
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    organization_memberships: null,
    external_accounts: [],
    enterprise_accounts: [],
    password_last_updated_at: at,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    external_id: null,
    last_sign_in_at: null,
    banned: false,
    locked: false,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    created_at: at,
    updated_at: at,
    last_active_at: null,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
  };
}

function organization(at: number): Record<string, unknown> {
  const id = clerkId("org");
  return {
    object: "organization",
    id,
    name: "Analytical Engines",
    slug: "analytical-engines",
    image_url: "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9",
    has_image: false,
    members_count: 1,
    pending_invitations_count: 0,
    max_allowed_memberships: 5,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_by: clerkId("user"),
    created_at: at,
    updated_at: at,
  };
}

function deleted(object: string, prefix: string): DataFactory {
  return () => ({ object, id: clerkId(prefix), deleted: true });
}

const FACTORIES: Partial<Record<ClerkEventType, DataFactory>> = {
  "user.created": user,
  "user.updated": user,
  "user.deleted": deleted("user", "user"),
  "organization.created": organization,
  "organization.updated": organization,
  "organization.deleted": deleted("organization", "org"),
};

/**
 * A realistic signed-ready event of `type`, with `data` shaped like Clerk's JSON and fresh ids.
 *
 * @example fixture("user.created", { data: { first_name: "Grace" } })
 */
export function fixture<T extends ClerkEventType>(
  type: T,
  overrides: FixtureOverrides<T> = {},
): EventOf<T> {
  const factory = FACTORIES[type];
  if (!factory) throw new Error(`No fixture for event type "${type}"`);
  const timestamp = overrides.timestamp ?? Date.now();
  const data = merge(factory(timestamp), (overrides.data ?? {}) as Record<string, unknown>);
  return {
    type,
    object: "event",
    data,
    event_attributes: {
      http_request: { client_ip: "192.0.2.10", user_agent: "Mozilla/5.0 (clerk-sync fixture)" },
    },
    timestamp,
    instance_id: overrides.instance_id ?? INSTANCE_ID,
  } as unknown as EventOf<T>;
}

function merge(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
