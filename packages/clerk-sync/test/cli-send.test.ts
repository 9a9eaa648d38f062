import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { runCli } from "../src/cli/run.js";
import type { ClerkSync } from "../src/index.js";
import { fixture, generateSigningSecret, scenario } from "../src/testing/index.js";
import { eventually, type Harness, openHarness } from "./support/harness.js";
import { TMP_DIR } from "./support/providers.js";
import { CLI_MAIN } from "./support/queue-app.js";
import { exited, forkTs } from "./support/queue-harness.js";
import { serveWebhooks } from "./support/queue-server.js";

/** The CLI in this process, with what it prints. */
async function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = TMP_DIR) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { CLERK_WEBHOOK_SIGNING_SECRET: undefined, ...env },
    cwd,
    onStop: () => () => {},
  });
  return { code, out: out.join("\n"), err: err.join("\n"), lines: out };
}

describe.each(inject("providers"))("clerk-sync send to a real server on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    h = await openHarness(provider, "cli_send");
    sync = h.make();
    server = await serveWebhooks(sync);
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });
  beforeEach(() => h.db.reset());

  const settled = () =>
    eventually(
      () =>
        h.prisma.clerkWebhookEvent.count({ where: { status: { in: ["pending", "processing"] } } }),
      (n) => n === 0,
    );

  it("sends a signed event and prints the response status", async () => {
    const { code, lines } = await cli([
      "send",
      "user.created",
      "--url",
      server.url,
      "--secret",
      h.secret,
    ]);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^200 user\.created msg_\w+ \(\d+ ms\)$/);
    expect(lines[1]).toBe(`Sent 1 delivery to ${server.url}: 1 accepted.`);
    await settled();
    const [row] = await h.prisma.clerkWebhookEvent.findMany();
    expect(row?.status).toBe("done");
    expect(lines[0]).toContain(row?.id);
  });

  it("takes the secret from CLERK_WEBHOOK_SIGNING_SECRET; --count sends fresh deliveries", async () => {
    const { code, lines } = await cli(
      ["send", "user.updated", "--count", "3", "--url", server.url],
      {
        CLERK_WEBHOOK_SIGNING_SECRET: h.secret,
      },
    );
    expect(code).toBe(0);
    expect(lines.filter((l) => l.startsWith("200 user.updated"))).toHaveLength(3);
    await settled();
    expect(await h.ledgerCount()).toBe(3);
    expect(await h.effects()).toBe(3);
  });

  it("without --secret, reads the secret from the app's .env files as Next.js does, or --env-file", async () => {
    const app = fs.mkdtempSync(path.join(TMP_DIR, "send-app-"));
    fs.writeFileSync(path.join(app, "package.json"), "{}");
    fs.writeFileSync(path.join(app, ".env.local"), `CLERK_WEBHOOK_SIGNING_SECRET=${h.secret}\n`);
    fs.writeFileSync(
      path.join(app, ".env"),
      `CLERK_WEBHOOK_SIGNING_SECRET=${generateSigningSecret()}\n`,
    );
    fs.mkdirSync(path.join(app, "src"));
    const nested = await cli(
      ["send", "user.created", "--url", server.url],
      {},
      path.join(app, "src"),
    );
    expect(nested.code).toBe(0);
    expect(nested.lines[0]).toMatch(/^200 user\.created /);

    const elsewhere = path.join(app, "staging.env");
    fs.writeFileSync(elsewhere, `CLERK_WEBHOOK_SIGNING_SECRET="${h.secret}"\n`);
    const explicit = await cli([
      "send",
      "user.created",
      "--url",
      server.url,
      "--env-file",
      elsewhere,
    ]);
    expect(explicit.code).toBe(0);
    // The environment wins over any file.
    const shell = await cli(
      ["send", "user.created", "--url", server.url],
      {
        CLERK_WEBHOOK_SIGNING_SECRET: generateSigningSecret(),
      },
      app,
    );
    expect(shell.code).toBe(1);
    expect(shell.lines[0]).toMatch(/^400 user\.created /);
    await settled();
    expect(await h.ledgerCount()).toBe(2);
    expect(await h.effects()).toBe(2);
  });

  it("--svix-id with --count is one delivery redelivered: applied once, the rest duplicates", async () => {
    const { code, lines } = await cli([
      "send",
      "user.created",
      "--count",
      "4",
      "--svix-id",
      "msg_cli_redelivery",
      "--url",
      server.url,
      "--secret",
      h.secret,
    ]);
    expect(code).toBe(0);
    expect(lines.slice(0, 4).map((l) => l.split(" (")[0])).toEqual([
      "200 user.created msg_cli_redelivery",
      "200 user.created msg_cli_redelivery duplicate",
      "200 user.created msg_cli_redelivery duplicate",
      "200 user.created msg_cli_redelivery duplicate",
    ]);
    expect(lines[4]).toMatch(/4 accepted \(3 as duplicates\)/);
    await settled();
    expect(await h.ledgerCount()).toBe(1);
    expect(await h.effects()).toBe(1);
  });

  it("sends each scenario, with its duplicates under the same svix-id", async () => {
    for (const name of ["signup-joins-org", "duplicate-burst", "out-of-order-storm"] as const) {
      await h.db.reset();
      const { code, lines } = await cli([
        "send",
        "--scenario",
        name,
        "--url",
        server.url,
        "--secret",
        h.secret,
      ]);
      expect(code).toBe(0);
      const sent = lines.filter((l) => /^200 /.test(l)).map((l) => l.split(" (")[0] ?? "");
      const ids = [...new Set(sent.map((l) => l.split(" ")[2]))];
      // Each svix-id is applied on its first delivery; every later one is answered a duplicate.
      const seen = new Set<string>();
      const expectedMarks = sent.map((l) => {
        const id = l.split(" ")[2] ?? "";
        const first = !seen.has(id);
        seen.add(id);
        return first ? "" : "duplicate";
      });
      expect(sent.map((l) => l.split(" ")[3] ?? "")).toEqual(expectedMarks);
      const copies = sent.length - ids.length;
      const asDuplicates = copies > 0 ? ` (${copies} as duplicates)` : "";
      expect(lines.at(-1)).toContain(`: ${sent.length} accepted${asDuplicates}.`);
      if (name === "signup-joins-org") {
        expect(sent.map((l) => l.split(" ")[1])).toEqual([
          "user.created",
          "user.updated",
          "organization.created",
          "organizationMembership.created",
          "organization.updated",
        ]);
        expect(copies).toBe(0);
      } else if (name === "duplicate-burst") {
        expect(sent).toHaveLength(10);
        expect(ids).toHaveLength(1);
      } else {
        // The storm: the whole history once, some of it twice.
        expect(ids).toHaveLength(scenario(name, { inOrder: true }).deliveries.length);
      }
      await settled();
      expect(await h.ledgerCount()).toBe(ids.length);
    }
  });

  it("scenario options: copies of the duplicate burst, attempts the demo hook fails", async () => {
    const burst = await cli([
      "send",
      "--scenario",
      "duplicate-burst",
      "--count",
      "3",
      "--url",
      server.url,
      "--secret",
      h.secret,
    ]);
    expect(burst.code).toBe(0);
    expect(burst.lines.filter((l) => /^200 user\.created/.test(l))).toHaveLength(3);
    expect(burst.lines[3]).toMatch(/3 accepted \(2 as duplicates\)/);
    await h.db.reset();
    const failing = await cli([
      "send",
      "--scenario",
      "failing-handler-recovers",
      "--fail-times",
      "5",
      "--url",
      server.url,
      "--secret",
      h.secret,
    ]);
    expect(failing.code).toBe(0);
    const row = await h.prisma.clerkWebhookEvent.findFirstOrThrow();
    expect((row.payload as { data: { public_metadata: unknown } }).data.public_metadata).toEqual({
      clerkSyncDemo: { failTimes: 5 },
    });
    const misplaced = await cli([
      "send",
      "--scenario",
      "signup-joins-org",
      "--count",
      "2",
      "--url",
      server.url,
      "--secret",
      h.secret,
    ]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.err).toMatch(/--count applies to --scenario duplicate-burst/);
  });

  it("sends a saved payload file: one event, or saved deliveries with their ids", async () => {
    const dir = fs.mkdtempSync(path.join(TMP_DIR, "send-"));
    const single = path.join(dir, "event.json");
    const event = fixture("organization.created");
    fs.writeFileSync(single, JSON.stringify(event));
    const one = await cli(["send", "--file", single, "--url", server.url, "--secret", h.secret]);
    expect(one.code).toBe(0);
    expect(one.lines[0]).toMatch(/^200 organization\.created msg_/);

    const saved = path.join(dir, "deliveries.json");
    const { deliveries } = scenario("signup-joins-org");
    fs.writeFileSync(saved, JSON.stringify(deliveries));
    const many = await cli(["send", "--file", saved, "--url", server.url, "--secret", h.secret]);
    expect(many.code).toBe(0);
    expect(many.lines.slice(0, 5).map((l) => l.split(" ")[2])).toEqual(
      deliveries.map((d) => d.svixId),
    );
    await settled();
    expect(await h.ledgerCount()).toBe(6);
    const row = await h.prisma.clerkWebhookEvent.findFirstOrThrow({
      where: { type: "organization.created", id: { not: deliveries[2]?.svixId } },
    });
    expect(row.payload).toEqual(event);
  });

  it("a secret the server does not use: 400 printed for each, exit 1, nothing recorded", async () => {
    const { code, lines } = await cli([
      "send",
      "user.created",
      "--count",
      "2",
      "--url",
      server.url,
      "--secret",
      generateSigningSecret(),
    ]);
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^400 user\.created msg_\w+ INVALID_SIGNATURE: /);
    expect(lines[2]).toMatch(/0 accepted, 2 rejected/);
    expect(await h.ledgerCount()).toBe(0);
  });

  it("the clerk-sync bin itself: a real process, exit code 0", async () => {
    const child = forkTs(CLI_MAIN, ["send", "user.created", "--url", server.url], {
      env: { CLERK_WEBHOOK_SIGNING_SECRET: h.secret },
    });
    expect(await exited(child)).toBe(0);
    expect(child.output()).toMatch(/^200 user\.created msg_\w+ \(\d+ ms\)\nSent 1 delivery/);
    await settled();
    expect(await h.effects()).toBe(1);
  });
});

describe("clerk-sync send explains bad input", () => {
  const secret = generateSigningSecret();

  it("an unknown event type: close matches", async () => {
    const typo = await cli(["send", "user.create", "--url", "http://localhost:3000/api/webhooks"]);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/"user\.create" is not a Clerk event type/);
    expect(typo.err).toMatch(/Did you mean user\.created/);
    const partial = await cli(["send", "membership.created", "--url", "http://x"]);
    expect(partial.err).toMatch(/Did you mean organizationMembership\.created/);
    const nothing = await cli(["send", "zzzzzz", "--url", "http://x"]);
    expect(nothing.err).toMatch(/send --list/);
    const scenario = await cli(["send", "duplicate-burst", "--url", "http://x"]);
    expect(scenario.code).toBe(2);
    expect(scenario.err).toMatch(/"duplicate-burst" is a scenario, not an event type/);
    expect(scenario.err).toMatch(/--scenario duplicate-burst/);
  });

  it("a missing or bad --url", async () => {
    const missing = await cli(["send", "user.created", "--secret", secret]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/needs --url/);
    expect(missing.err).toMatch(/--url http:\/\/localhost:3000\/api\/webhooks/);
    const bad = await cli(["send", "user.created", "--url", "localhost:3000", "--secret", secret]);
    expect(bad.err).toMatch(/must be http or https|is not a URL/);
  });

  it("a missing or malformed secret, without echoing it", async () => {
    const missing = await cli(["send", "user.created", "--url", "http://x"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/signing secret is not set/);
    expect(missing.err).toMatch(/--secret whsec_/);
    const bad = await cli([
      "send",
      "user.created",
      "--url",
      "http://x",
      "--secret",
      "sk_test_abcdefghijklmnop",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/malformed/);
    expect(bad.err).not.toContain("abcdefghijklmnop");
  });

  it("an unreachable server, a bad count, an unknown scenario, a bad file, conflicting options", async () => {
    // A port nothing listens on: opened, then closed.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const down = await cli([
      "send",
      "user.created",
      "--url",
      `http://127.0.0.1:${port}/api/webhooks`,
      "--secret",
      secret,
    ]);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/Could not reach .*ECONNREFUSED/);
    expect(down.err).toMatch(/Is the app running/);

    expect((await cli(["send", "user.created", "--count", "0", "--url", "http://x"])).err).toMatch(
      /--count must be a whole number/,
    );
    const storm = await cli([
      "send",
      "--scenario",
      "storm",
      "--url",
      "http://x",
      "--secret",
      secret,
    ]);
    expect(storm.err).toMatch(/Did you mean out-of-order-storm/);
    fs.mkdirSync(TMP_DIR, { recursive: true });
    const file = path.join(TMP_DIR, "not-an-event.json");
    fs.writeFileSync(file, JSON.stringify({ hello: "world" }));
    expect((await cli(["send", "--file", file, "--url", "http://x"])).err).toMatch(
      /is not a Clerk event: it needs a string "type"/,
    );
    expect((await cli(["send", "user.created", "--scenario", "duplicate-burst"])).err).toMatch(
      /one of: an event type, --scenario, --file/,
    );
    expect((await cli(["send", "--nope"])).err).toMatch(
      /Unknown option '--nope'[\s\S]*send --help/,
    );
  });

  it("--help for each command, --list, an unknown command", async () => {
    for (const command of ["worker", "sweep", "replay", "send"]) {
      const { code, out } = await cli([command, "--help"]);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`clerk-sync ${command}`));
    }
    const list = await cli(["send", "--list"]);
    expect(list.out).toMatch(/organizationMembership +organizationMembership\.created/);
    expect(list.out).toMatch(/failing-handler-recovers/);
    const unknown = await cli(["sned"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Did you mean send\?/);
    expect((await cli([])).out).toMatch(/Usage: clerk-sync <command>/);
  });
});
