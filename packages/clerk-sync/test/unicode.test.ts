import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ClerkSync } from "../src/index.js";
import { createWebhookRoute } from "../src/next/index.js";
import { syncHandlers } from "../src/prisma/index.js";
import { clerkId, fixture, signPayload } from "../src/testing/index.js";
import { type Harness, openHarness } from "./support/harness.js";
import type { Provider } from "./support/providers.js";
import { serveWebhooks } from "./support/queue-server.js";
import { rowOf } from "./support/sync.js";

/** CLERK_SYNC_UNICODE_RUNS (default 100): signed events per provider. */
const RUNS = Number(process.env.CLERK_SYNC_UNICODE_RUNS) || 100;

/*
 * Text of every kind Clerk could send in a name or a metadata value: NUL, lone surrogates (which
 * JSON escapes and JavaScript keeps, and PostgreSQL refuses), 4-byte characters, right-to-left
 * text and its controls, combining marks, and now and then a very long string.
 */
/** What PostgreSQL cannot store: NUL and UTF-16 surrogates without their pair. */
const unstorable = fc.oneof(
  fc.constant("\u0000"),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n)),
);
const storableUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("🚀", "𝔘", "👩‍👩‍👧", "\u{10FFFF}", "\u{1F1EB}\u{1F1F7}"),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom("שלום", "مرحبا", "\u202E", "\u200F", "e\u0301", "\uFEFF"),
  },
);
/** One string in ten may hold text PostgreSQL cannot store, anywhere in it. */
const unit = fc.oneof(
  { weight: 9, arbitrary: fc.constant(storableUnit) },
  {
    weight: 1,
    arbitrary: fc.constant(fc.oneof({ weight: 3, arbitrary: storableUnit }, unstorable)),
  },
);
const string = (options: { minLength?: number; maxLength: number }) =>
  unit.chain((u) => fc.string({ unit: u, ...options }));
const text = string({ maxLength: 24 });
/** A name now and then thousands of characters long (a body stays under the 1 MiB limit). */
const field = fc.oneof(
  { weight: 9, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc
      .tuple(string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 2_000, max: 20_000 }))
      .map(([s, n]) => s.repeat(Math.ceil(n / s.length))),
  },
);
const metadata = fc.dictionary(
  string({ maxLength: 12 }),
  fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.dictionary(text, text, { maxKeys: 2 })),
  { maxKeys: 4 },
);

const eventArb = fc.oneof(
  fc
    .record({
      first_name: field,
      last_name: field,
      username: field,
      external_id: field,
      public_metadata: metadata,
      unsafe_metadata: metadata,
    })
    .map((data) => ({ type: "user.created" as const, data })),
  fc
    .record({ name: field, slug: field, public_metadata: metadata })
    .map((data) => ({ type: "organization.created" as const, data })),
);

/**
 * What PostgreSQL can store, computed here on its own terms: every NUL and every surrogate
 * without its pair becomes U+FFFD, in strings and in keys.
 */
function storableHere(value: unknown): unknown {
  if (typeof value === "string") {
    return value
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
      .replaceAll("\0", "\uFFFD");
  }
  if (Array.isArray(value)) return value.map(storableHere);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, storableHere(key) as string, {
        value: storableHere(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

const COLUMNS = {
  "user.created": {
    model: "clerkUser",
    columns: {
      firstName: "first_name",
      lastName: "last_name",
      username: "username",
      externalId: "external_id",
      publicMetadata: "public_metadata",
      unsafeMetadata: "unsafe_metadata",
    },
  },
  "organization.created": {
    model: "clerkOrganization",
    columns: { name: "name", slug: "slug", publicMetadata: "public_metadata" },
  },
} as const;

describe("every verified delivery is recorded and applied, whatever text it carries", () => {
  const providers = inject("providers");
  const sites: {
    provider: Provider;
    h: Harness;
    sync: ClerkSync;
    url: string;
    close(): Promise<void>;
  }[] = [];

  beforeAll(async () => {
    for (const provider of providers) {
      const h = await openHarness(provider, "unicode");
      // One attempt: a delivery that cannot be applied is dead at once, with its reason.
      const sync = h.make({ handlers: [syncHandlers("all")], retry: { maxAttempts: 1 } });
      // The Next.js route itself, on a real HTTP server; processing runs as after() would.
      const route = createWebhookRoute(sync, { defer: (task) => void task() });
      const server = await serveWebhooks(route.POST);
      sites.push({ provider, h, sync, url: server.url, close: server.close });
    }
  });
  afterAll(async () => {
    for (const site of sites) {
      await site.close();
      await site.h.close();
    }
  });

  it(`${RUNS} signed events with arbitrary Unicode text: 2xx, recorded and applied the same way on ${providers.join(" and ")}`, async () => {
    let changed = 0;
    let longest = 0;
    await fc.assert(
      fc.asyncProperty(eventArb, async ({ type, data }) => {
        const id = clerkId(type === "user.created" ? "user" : "org");
        const event = fixture(type, { data: { ...data, id } as never });
        const expected = storableHere(event) as typeof event;
        const needsChange = JSON.stringify(expected) !== JSON.stringify(event);
        if (needsChange) changed++;
        const rows: Record<string, unknown>[] = [];
        for (const { provider, h, sync, url } of sites) {
          const { svixId, body, headers } = signPayload(event, { secret: h.secret });
          longest = Math.max(longest, body.length);
          const response = await fetch(url, { method: "POST", headers, body });
          expect(response.status, `${provider}: ${await response.clone().text()}`).toBe(200);
          await sync.queue.drain();

          const ledger = await h.row(svixId);
          expect({ status: ledger.status, lastError: ledger.lastError }, provider).toEqual({
            status: "done",
            lastError: null,
          });
          expect(ledger.payload, provider).toEqual(expected);
          if (needsChange) expect(ledger.payloadNote, provider).toMatch(/U\+FFFD/);
          else expect(ledger.payloadNote, provider).toBeNull();

          const { model, columns } = COLUMNS[type];
          const row = (await rowOf(h, model, id)) ?? {};
          for (const [column, field] of Object.entries(columns)) {
            expect(row[column], `${provider} ${model}.${column}`).toEqual(
              (expected.data as unknown as Record<string, unknown>)[field],
            );
          }
          expect(row.raw, provider).toEqual(expected.data);
          rows.push(row);
        }
        // The same row on every provider.
        for (const row of rows.slice(1)) expect(row).toEqual(rows[0]);
      }),
      { numRuns: RUNS },
    );
    console.info(
      `unicode deliveries on ${providers.join(" and ")}: ${RUNS} runs each, ${changed} with text made storable, longest body ${longest} characters`,
    );
  }, 600_000);
});
