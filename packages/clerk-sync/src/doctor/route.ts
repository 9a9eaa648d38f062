import { describeError } from "../errors/index.js";
import { signPayload } from "../samples/sign.js";
import { type Check, fail, ok, skip } from "./check.js";

/** What the route answered to one request. */
interface Answer {
  status: number;
  /** The kit's error code, when the body is the kit's `{ error: { code } }`. */
  code: string | undefined;
  message: string | undefined;
  /** Clerk's middleware's verdict (`x-clerk-auth-status`, `x-clerk-auth-reason`), where it ran. */
  clerkAuth: string | undefined;
  /** Whether that verdict was a protect() rewrite: Clerk hid the route from a signed-out request. */
  protectRewrite: boolean;
  location: string | null;
  date: string | null;
}

/**
 * The body of the signed probe. It verifies (it is signed with the endpoint's secret) but is not
 * a Clerk event, so the kit's route answers 400 INVALID_EVENT after verifying and records nothing:
 * the probe proves verification without leaving a row in the ledger.
 */
const PROBE = {
  object: "clerk_sync_doctor_probe",
  note: "Signed by clerk-sync doctor; not an event.",
};

/**
 * The route's checks: it exists at that path (not 404), the middleware lets an unsigned POST
 * through to it (400, not 401, 307 or a protect() 404), a probe signed with the secret verifies
 * there, and the server's clock agrees with this one.
 */
export async function routeChecks(
  url: string,
  secret: string | undefined,
  now = Date.now,
): Promise<Check[]> {
  let unsigned: Answer;
  try {
    unsigned = await post(url, { "content-type": "application/json" }, "{}");
  } catch (error) {
    const reason = describeError((error as { cause?: unknown }).cause ?? error);
    const down = fail(
      "route",
      "Webhook route",
      `nothing answers at ${url} (${reason})`,
      "Start the app (pnpm dev, or your server), or pass the endpoint's address with --url.",
    );
    return [
      down,
      skip("middleware", "Middleware exclusion", "the app is not reachable"),
      skip("probe", "Signed probe", "the app is not reachable"),
      skip("clock", "Clock", "the app is not reachable"),
    ];
  }
  const path = new URL(url).pathname;
  const blocked = middlewareBlock(unsigned);
  const checks: Check[] = [];
  if (blocked) {
    checks.push(
      skip("route", "Webhook route", `the middleware answered before any route (${blocked.seen})`),
    );
    checks.push(
      fail(
        "middleware",
        "Middleware exclusion",
        `an unsigned POST to ${path} got ${blocked.seen}: Clerk's middleware protects the webhook route, so Clerk's deliveries never reach it`,
        `Make ${path} public in proxy.ts (middleware.ts before Next 16): test the path in clerkMiddleware and skip auth.protect() for "${path}" and "${path}/…" (pnpm plop webhook-event writes this), then restart the app.`,
      ),
    );
  } else if (unsigned.status === 404) {
    checks.push(
      fail(
        "route",
        "Webhook route",
        `POST ${path} answered 404: no route at that path`,
        `Create app/api/webhooks/route.ts with \`export const { POST } = createWebhookRoute(clerkSync)\` (pnpm plop webhook-event writes it), or pass the endpoint's real address with --url.`,
      ),
    );
    checks.push(skip("middleware", "Middleware exclusion", "no route to reach"));
  } else if (unsigned.status === 405) {
    checks.push(
      fail(
        "route",
        "Webhook route",
        `POST ${path} answered 405: the route at that path does not take POST`,
        "Export POST from the route: `export const { POST } = createWebhookRoute(clerkSync)`.",
      ),
    );
    checks.push(skip("middleware", "Middleware exclusion", "no POST route to reach"));
  } else {
    checks.push(ok("route", "Webhook route", `POST ${path} reaches a route (${unsigned.status})`));
    checks.push(
      unsigned.status === 400
        ? ok(
            "middleware",
            "Middleware exclusion",
            "an unsigned POST gets 400 from the route, not 401, 307 or 404",
          )
        : unsigned.code
          ? ok(
              "middleware",
              "Middleware exclusion",
              `an unsigned POST reaches the route, which answers ${unsigned.status} ${unsigned.code}`,
            )
          : fail(
              "middleware",
              "Middleware exclusion",
              `an unsigned POST got ${unsigned.status}, where the kit's route answers 400`,
              "Check what answers at that path: a rewrite, a proxy in front of the app, or a route that is not the kit's.",
            ),
    );
  }
  checks.push(await probe(url, secret, blocked !== undefined || unsigned.status === 404));
  checks.push(clock(unsigned.date, now()));
  return checks;
}

async function probe(
  url: string,
  secret: string | undefined,
  unreachable: boolean,
): Promise<Check> {
  const title = "Signed probe";
  if (unreachable) return skip("probe", title, "the route cannot be reached");
  if (!secret) return skip("probe", title, "no signing secret here to sign it with");
  let answer: Answer;
  try {
    const signed = signPayload(PROBE, { secret, svixId: `msg_doctor_${Date.now()}` });
    answer = await post(url, signed.headers, signed.body);
  } catch (error) {
    return fail(
      "probe",
      title,
      `the probe failed: ${describeError(error)}`,
      "Check that the app is up.",
    );
  }
  switch (answer.code) {
    case "INVALID_EVENT":
      return ok(
        "probe",
        title,
        "a probe signed with CLERK_WEBHOOK_SIGNING_SECRET verifies at the route (answered 400 INVALID_EVENT, by design: nothing recorded)",
      );
    case "INVALID_SIGNATURE":
      return fail(
        "probe",
        title,
        `the running app rejects a probe signed with this CLERK_WEBHOOK_SIGNING_SECRET (${answer.message ?? "invalid signature"})`,
        "The app verifies with another secret: give it the endpoint's signing secret from the Clerk Dashboard (Webhooks → endpoint → Signing Secret) and restart it. If the secrets match, check the clock line.",
      );
    case "SIGNING_SECRET_MISSING":
    case "SIGNING_SECRET_MALFORMED":
      return fail(
        "probe",
        title,
        `the running app has ${answer.code === "SIGNING_SECRET_MISSING" ? "no" : "a malformed"} signing secret (500 ${answer.code}): it refuses every delivery`,
        "Set CLERK_WEBHOOK_SIGNING_SECRET where the app runs (its .env.local, or the host's settings) and restart it.",
      );
    default:
      if (answer.status >= 200 && answer.status < 300) {
        return ok(
          "probe",
          title,
          `the route accepted the signed probe (${answer.status}); it is not the kit's route, which records nothing for it`,
        );
      }
      return fail(
        "probe",
        title,
        `the signed probe got ${answer.status}${answer.code ? ` ${answer.code}` : ""}${answer.message ? `: ${answer.message}` : ""}`,
        "Look at the app's log for this request.",
      );
  }
}

function clock(date: string | null, now: number): Check {
  const title = "Clock";
  const server = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(server))
    return skip("clock", title, "the app sent no Date header to compare with");
  // The Date header has whole seconds.
  const skew = Math.round((server - now) / 1000);
  if (Math.abs(skew) <= 60) {
    return ok(
      "clock",
      title,
      `the app's clock is within ${Math.max(1, Math.abs(skew))} s of this one`,
    );
  }
  return fail(
    "clock",
    title,
    `the app's clock is ${Math.abs(skew)} s ${skew > 0 ? "ahead of" : "behind"} this one; Svix deliveries more than 5 minutes off fail verification`,
    "Synchronise the server's clock (NTP: timedatectl set-ntp true, or your host's time service).",
  );
}

/** How Clerk's middleware showed itself, when it answered instead of the route. */
function middlewareBlock(answer: Answer): { seen: string } | undefined {
  const redirect = answer.status >= 300 && answer.status < 400;
  if (answer.status === 401 || answer.status === 403) {
    return { seen: `${answer.status}${answer.clerkAuth ? ` (${answer.clerkAuth})` : ""}` };
  }
  if (redirect) return { seen: `${answer.status} to ${answer.location ?? "another page"}` };
  // auth.protect() answers a signed-out request that is not a page load by rewriting it to a 404,
  // and says so in x-clerk-auth-reason. (Clerk's middleware stamps its verdict on every response
  // it handles, so the headers alone prove nothing: a missing route's 404 carries them too.)
  if (answer.status === 404 && answer.protectRewrite && !answer.code) {
    return { seen: `404 (${answer.clerkAuth})` };
  }
  return undefined;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers, body, redirect: "manual" });
  const text = await response.text();
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
  } catch {}
  const reason = response.headers.get("x-clerk-auth-reason");
  const status = response.headers.get("x-clerk-auth-status");
  return {
    status: response.status,
    code: typeof error?.code === "string" ? error.code : undefined,
    message: typeof error?.message === "string" ? error.message : undefined,
    clerkAuth: reason || status ? [status, reason].filter(Boolean).join(", ") : undefined,
    protectRewrite: /protect-rewrite/.test(reason ?? ""),
    location: response.headers.get("location"),
    date: response.headers.get("date"),
  };
}
