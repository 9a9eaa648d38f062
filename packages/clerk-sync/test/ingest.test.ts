import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { ClerkSync } from "../src/index.js";
import { createWebhookRoute } from "../src/next/index.js";
import {
  fixture,
  generateSigningSecret,
  signedRequest,
  signPayload,
} from "../src/testing/index.js";
import { eventually, type Harness, openHarness } from "./support/harness.js";
import { createPrisma } from "./support/providers.js";

const URL = "http://localhost:3000/api/webhooks";

describe.each(inject("providers"))("webhook ingest on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;

  beforeAll(async () => {
    h = await openHarness(provider, "ingest");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.db.reset();
    sync = h.make({ maxBodyBytes: 64 * 1024 });
  });

  const post = (request: Request, target = sync) => target.handleRequest(request);
  const signed = (
    payload: unknown = fixture("user.created"),
    extra: Partial<Parameters<typeof signPayload>[1]> = {},
  ) => signPayload(payload, { secret: h.secret, ...extra });
  const request = (
    body: string | ReadableStream | null,
    headers: Record<string, string>,
    method = "POST",
  ) =>
    new Request(URL, {
      method,
      headers,
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);

  async function expectRejected(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    const body = (await response.json()) as {
      error: { code: string; message: string; suggestion: string };
    };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(body.error.suggestion.length).toBeGreaterThan(0);
    await sync.queue.drain();
    expect(await h.ledgerCount()).toBe(0);
    expect(await h.effects()).toBe(0);
  }

  it("signedRequest builds a POST the route accepts: verified, recorded and applied", async () => {
    const event = fixture("user.created");
    const req = signedRequest(event, { secret: h.secret });
    const svixId = req.headers.get("svix-id") ?? "";
    const response = await createWebhookRoute(sync, { defer: (work) => setImmediate(work) }).POST(
      req,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ duplicate: false });
    await eventually(
      () => h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } }),
      (r) => r.status === "done",
    );
    expect(await h.effects(event.data.id)).toBe(1);
  });

  describe("rejects, writing nothing", () => {
    for (const header of ["svix-id", "svix-timestamp", "svix-signature"]) {
      it(`400 without ${header}`, async () => {
        const { body, headers } = signed();
        delete headers[header];
        const response = await post(request(body, headers));
        await expectRejected(response, 400, "MISSING_SVIX_HEADERS");
      });
    }

    it("400 without any Svix header (a plain POST)", async () => {
      const response = await post(
        request(JSON.stringify(fixture("user.created")), { "content-type": "application/json" }),
      );
      await expectRejected(response, 400, "MISSING_SVIX_HEADERS");
    });

    it("400 when signed with another endpoint's secret", async () => {
      const { body, headers } = signPayload(fixture("user.created"), {
        secret: generateSigningSecret(),
      });
      await expectRejected(await post(request(body, headers)), 400, "INVALID_SIGNATURE");
    });

    it("400 when the body was tampered with after signing", async () => {
      const { body, headers } = signed();
      await expectRejected(
        await post(request(body.replace("Ada", "Eve"), headers)),
        400,
        "INVALID_SIGNATURE",
      );
    });

    it("400 when the body was re-serialised (verification is over the raw bytes)", async () => {
      const { body, headers } = signed();
      const reserialised = JSON.stringify(JSON.parse(body), null, 2);
      await expectRejected(await post(request(reserialised, headers)), 400, "INVALID_SIGNATURE");
    });

    it("400 when the svix-id was swapped (the id is signed too)", async () => {
      const { body, headers } = signed();
      headers["svix-id"] = "msg_somebodyelse";
      await expectRejected(await post(request(body, headers)), 400, "INVALID_SIGNATURE");
    });

    it("400 for a timestamp older than the tolerance", async () => {
      const { body, headers } = signed(undefined, {
        timestamp: new Date(Date.now() - 10 * 60_000),
      });
      await expectRejected(await post(request(body, headers)), 400, "INVALID_SIGNATURE");
    });

    it("400 for a timestamp too far in the future", async () => {
      const { body, headers } = signed(undefined, {
        timestamp: new Date(Date.now() + 10 * 60_000),
      });
      await expectRejected(await post(request(body, headers)), 400, "INVALID_SIGNATURE");
    });

    it("400 for a svix-timestamp that is not a number", async () => {
      const { body, headers } = signed();
      headers["svix-timestamp"] = "yesterday";
      await expectRejected(await post(request(body, headers)), 400, "INVALID_SVIX_HEADERS");
    });

    it("400 for a garbage signature header", async () => {
      const { body, headers } = signed();
      headers["svix-signature"] = "v1,not-a-signature";
      await expectRejected(await post(request(body, headers)), 400, "INVALID_SIGNATURE");
    });

    for (const [label, body, says] of [
      ["empty", "", /body is empty/],
      ["null", "null", /body is JSON null/],
      ["not JSON", "this is not json: secret-looking text", /body is not valid JSON/],
      ["a JSON string", JSON.stringify("user.created"), /body is a JSON string/],
      ["a number", "42", /body is a JSON number/],
    ] as const) {
      it(`400 INVALID_EVENT for a validly signed body that is ${label}, without quoting it`, async () => {
        const lines: string[] = [];
        const log = (m: string, f?: unknown) => lines.push(m + JSON.stringify(f ?? ""));
        const logged = h.make({ logger: { info: log, warn: log, error: log } });
        const { headers } = signed(body);
        const response = await post(request(body, headers), logged);
        const text = await response.clone().text();
        await expectRejected(response, 400, "INVALID_EVENT");
        expect((JSON.parse(text) as { error: { message: string } }).error.message).toMatch(says);
        if (body.length > 4) {
          expect(text).not.toContain(body.slice(0, 8));
          expect(lines.join("\n")).not.toContain(body.slice(0, 8));
        }
      });
    }

    it("400 INVALID_SIGNATURE, not INVALID_EVENT, for an empty or null body signed with another secret", async () => {
      for (const body of ["", "null"]) {
        const { headers } = signPayload(body, { secret: generateSigningSecret() });
        await expectRejected(await post(request(body, headers)), 400, "INVALID_SIGNATURE");
      }
    });

    it("405 with Allow: POST for OPTIONS through the Next.js route (which Next would answer 204)", async () => {
      const route = createWebhookRoute(sync, { defer: () => {} });
      const { headers } = signed();
      const response = await route.OPTIONS(request(null, headers, "OPTIONS"));
      expect(response.headers.get("allow")).toBe("POST");
      await expectRejected(response, 405, "METHOD_NOT_ALLOWED");
    });

    it("400 for a signed JSON array", async () => {
      const { body, headers } = signed([fixture("user.created")]);
      await expectRejected(await post(request(body, headers)), 400, "INVALID_EVENT");
    });

    it("400 for a signed object without a type", async () => {
      const { body, headers } = signed({ object: "event", data: { id: "user_1" } });
      await expectRejected(await post(request(body, headers)), 400, "INVALID_EVENT");
    });

    it("400 for a signed event whose data is not an object", async () => {
      const { body, headers } = signed({ type: "user.created", object: "event", data: "user_1" });
      await expectRejected(await post(request(body, headers)), 400, "INVALID_EVENT");
    });

    it("413 for a body over the limit (Content-Length)", async () => {
      const big = fixture("user.created", {
        data: { public_metadata: { blob: "x".repeat(70_000) } },
      });
      const { body, headers } = signed(big);
      const response = await post(
        request(body, { ...headers, "content-length": String(Buffer.byteLength(body)) }),
      );
      await expectRejected(response, 413, "PAYLOAD_TOO_LARGE");
    });

    it("413 for a streamed body over the limit without Content-Length", async () => {
      const { headers } = signed();
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk);
          else controller.close();
        },
      });
      await expectRejected(await post(request(stream, headers)), 413, "PAYLOAD_TOO_LARGE");
    });

    for (const method of ["GET", "PUT", "DELETE"]) {
      it(`405 for ${method}`, async () => {
        const { headers } = signed();
        const response = await post(request(null, headers, method));
        expect(response.headers.get("allow")).toBe("POST");
        await expectRejected(response, 405, "METHOD_NOT_ALLOWED");
      });
    }

    it("500 (fail closed) when the signing secret is missing, and says so in the log", async () => {
      const previous = process.env.CLERK_WEBHOOK_SIGNING_SECRET;
      delete process.env.CLERK_WEBHOOK_SIGNING_SECRET;
      const errors: string[] = [];
      const logger = {
        info() {},
        warn() {},
        error: (m: string, f?: unknown) => errors.push(m + JSON.stringify(f)),
      };
      try {
        const noSecret = h.make({ signingSecret: undefined, logger });
        const { body, headers } = signed();
        await expectRejected(
          await post(request(body, headers), noSecret),
          500,
          "SIGNING_SECRET_MISSING",
        );
        expect(errors.join("\n")).toMatch(/CLERK_WEBHOOK_SIGNING_SECRET/);
      } finally {
        if (previous !== undefined) process.env.CLERK_WEBHOOK_SIGNING_SECRET = previous;
      }
    });

    for (const [label, secret] of [
      ["not whsec_", "not-a-secret-at-all"],
      ["a secret key", "sk_test_abcdefghijklmnopqrstuvwxyz0123456789"],
      ["whsec_ with a non-base64 key", "whsec_***not*base64***"],
      ["whsec_ with a key too short", "whsec_YWJj"],
    ] as const) {
      it(`500 (fail closed) when the signing secret is malformed: ${label}; the secret is not logged`, async () => {
        const lines: string[] = [];
        const log = (m: string, f?: unknown) => lines.push(m + JSON.stringify(f));
        const broken = h.make({
          signingSecret: secret,
          logger: { info: log, warn: log, error: log },
        });
        const { body, headers } = signed();
        const response = await post(request(body, headers), broken);
        const text = await response.clone().text();
        await expectRejected(response, 500, "SIGNING_SECRET_MALFORMED");
        expect(lines.join("\n")).toMatch(/malformed/);
        expect(lines.join("\n")).not.toContain(secret.slice(6));
        expect(text).not.toContain(secret.slice(6));
      });
    }
  });

  describe("accepts", () => {
    it("a signed delivery: 200 at once, then processed in the background", async () => {
      const event = fixture("user.created");
      const { body, headers, svixId } = signed(event);
      const response = await post(request(body, headers));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true, id: svixId, duplicate: false });
      const row = await h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } });
      expect(row.type).toBe("user.created");
      expect(row.svixTimestamp.getTime()).toBe(Number(headers["svix-timestamp"]) * 1000);
      expect(row.payload).toEqual(event);
      await sync.queue.drain();
      const done = await h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } });
      expect(done.status).toBe("done");
      expect(done.attempts).toBe(1);
      expect(done.processedAt).not.toBeNull();
      expect(await h.effects(event.data.id)).toBe(1);
    });

    it("runs processing through the given defer (after the response)", async () => {
      const deferred: Array<() => Promise<void>> = [];
      const { body, headers, svixId } = signed();
      const response = await sync.handleRequest(request(body, headers), {
        defer: (task) => deferred.push(task),
      });
      expect(response.status).toBe(200);
      expect(deferred).toHaveLength(1);
      expect(
        (await h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } })).status,
      ).toBe("pending");
      await deferred[0]?.();
      expect(
        (await h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } })).status,
      ).toBe("done");
    });

    it("an event type the catalog does not know: 200, recorded, skipped", async () => {
      const { body, headers, svixId } = signed({
        type: "agent.invented",
        object: "event",
        data: { id: "x_1" },
        timestamp: Date.now(),
      });
      expect((await post(request(body, headers))).status).toBe(200);
      await sync.queue.drain();
      const row = await h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } });
      expect(row.status).toBe("skipped");
      expect(await h.effects()).toBe(0);
    });

    it("a catalogued event nobody handles: 200, recorded, skipped", async () => {
      const { body, headers, svixId } = signed(fixture("organization.deleted"));
      expect((await post(request(body, headers))).status).toBe(200);
      await sync.queue.drain();
      expect(
        (await h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } })).status,
      ).toBe("skipped");
    });

    it("the same delivery 10 times in a row: one effect, later ones answered as duplicates", async () => {
      const event = fixture("user.created");
      const delivery = signed(event);
      const answers = [];
      for (let i = 0; i < 10; i++) {
        const response = await post(request(delivery.body, delivery.headers));
        answers.push(((await response.json()) as { duplicate: boolean }).duplicate);
        await sync.queue.drain();
      }
      expect(answers).toEqual([false, ...Array(9).fill(true)]);
      expect(await h.effects(event.data.id)).toBe(1);
      expect(await h.ledgerCount()).toBe(1);
    });

    it("the same delivery 10 times at once: one effect", async () => {
      const event = fixture("user.created");
      const delivery = signed(event);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => post(request(delivery.body, delivery.headers))),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
      await sync.queue.drain();
      await eventually(
        () => h.prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: delivery.svixId } }),
        (r) => r.status === "done",
      );
      expect(await h.effects(event.data.id)).toBe(1);
      expect(await h.ledgerCount()).toBe(1);
    });

    it("500 so Svix retries when the ledger cannot be written", async () => {
      // A real client whose database is not there: nothing listens on port 1.
      const unreachable = createPrisma("postgresql", "postgresql://postgres@127.0.0.1:1/none");
      try {
        const errors: Record<string, unknown>[] = [];
        const offline = h.make({
          prisma: unreachable,
          logger: { info() {}, warn() {}, error: (_m, f) => errors.push(f ?? {}) },
        });
        const { body, headers } = signed();
        const response = await offline.handleRequest(request(body, headers));
        expect(response.status).toBe(500);
        const answer = (await response.json()) as { error: { code: string } };
        expect(answer.error.code).toBe("LEDGER_UNAVAILABLE");
        // The log says why in one line (a driver's context could quote the refused data).
        const cause = String(errors[0]?.cause);
        expect(cause).toMatch(/ECONNREFUSED|reach|connect/i);
        expect(cause).not.toContain("\n");
      } finally {
        await unreachable.$disconnect();
      }
    });

    it("a redelivery of a delivery still pending schedules it again, once in effect", async () => {
      const event = fixture("user.created");
      const delivery = signed(event);
      // The first instance records it, then "dies" before processing (its queue drops the work).
      const dropping = h.make({
        queue: {
          kind: "dropping",
          bind() {},
          async enqueue() {},
          async drain() {},
          async close() {},
        },
      });
      expect((await post(request(delivery.body, delivery.headers), dropping)).status).toBe(200);
      const pending = await h.prisma.clerkWebhookEvent.findUniqueOrThrow({
        where: { id: delivery.svixId },
      });
      expect(pending.status).toBe("pending");
      const response = await post(request(delivery.body, delivery.headers));
      expect(((await response.json()) as { duplicate: boolean }).duplicate).toBe(true);
      await sync.queue.drain();
      const done = await h.prisma.clerkWebhookEvent.findUniqueOrThrow({
        where: { id: delivery.svixId },
      });
      expect(done.status).toBe("done");
      expect(await h.effects(event.data.id)).toBe(1);
    });
  });
});
