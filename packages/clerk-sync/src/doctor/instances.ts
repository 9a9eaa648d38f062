import { type Check, fail, ok, skip } from "./check.js";

type Events = {
  groupBy(args: object): Promise<{ instanceId: string | null; _count: { _all: number } }[]>;
};

const TITLE = "One Clerk instance";

/**
 * One Clerk instance per database: the ledger's deliveries should all name the same
 * `instance_id`, and the one `CLERK_INSTANCE_ID` expects when it is set. More than one means
 * events of two instances (development and production, say) were applied to the same tables.
 */
export async function instancesCheck(
  prisma: unknown,
  expected: string | undefined,
): Promise<Check> {
  const events = (prisma as { clerkWebhookEvent: Events }).clerkWebhookEvent;
  const rows = await events.groupBy({
    by: ["instanceId"],
    where: { instanceId: { not: null } },
    _count: { _all: true },
  });
  const counts = rows
    .filter((r): r is { instanceId: string; _count: { _all: number } } => r.instanceId !== null)
    .sort((a, b) => b._count._all - a._count._all || a.instanceId.localeCompare(b.instanceId));
  const list = counts.map((r) => `${r.instanceId} (${r._count._all})`).join(", ");
  const others = expected ? counts.filter((r) => r.instanceId !== expected) : [];
  if (counts.length > 1 || others.length > 0) {
    return fail(
      "instances",
      TITLE,
      `the ledger holds deliveries from ${counts.length} Clerk instance(s): ${list}${expected ? `; CLERK_INSTANCE_ID is ${expected}` : ""}`,
      "Each database should hold one instance's users. Find which webhook endpoint posts here from the other instance (Clerk Dashboard → Webhooks, per instance) and point it at its own app; set CLERK_INSTANCE_ID so that such deliveries are refused (409 INSTANCE_MISMATCH) and never applied. Rows already synced from the other instance must be removed by hand.",
    );
  }
  if (counts.length === 0) {
    return skip("instances", TITLE, "no delivery in the ledger names its instance yet");
  }
  return ok(
    "instances",
    TITLE,
    `every delivery comes from ${list}${expected ? " (CLERK_INSTANCE_ID)" : "; set CLERK_INSTANCE_ID to refuse any other"}`,
  );
}
