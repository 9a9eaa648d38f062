import type { WebhookEventOptions, WebhookEventPlan } from "@acme/generators";
import { isCodedError } from "../coded-error.js";
import { CreateError } from "../errors.js";
import type { Kit } from "../kit.js";
import type { CreateOptions } from "../options/resolve.js";
import { isPinned, VERSIONS } from "../versions.js";

/** The generators' programmatic entry point (the one `pnpm plop webhook-event` also runs). */
interface GeneratorsModule {
  runWebhookEventGenerator?: (options: WebhookEventOptions) => WebhookEventPlan;
}

/**
 * Wire the new app exactly as `pnpm plop webhook-event` would: the same generator, run from the
 * kit's copy of it, over the kit's templates. Every dependency it adds refers to the new repo's
 * catalog (or, for the library, to the workspace), so versions still come from one map.
 *
 * @example const plan = await wireApp(kit, "my-app/apps/web", options); plan.changes.length
 */
export async function wireApp(
  kit: Kit,
  appDir: string,
  options: CreateOptions,
): Promise<WebhookEventPlan> {
  const generators = await kit.import<GeneratorsModule>("packages/generators/src/index.ts");
  if (typeof generators.runWebhookEventGenerator !== "function") {
    throw new CreateError(
      "KIT_INCOMPLETE",
      "The kit's generators have no programmatic entry point.",
      {
        suggestion:
          "Build this package from a kit whose @acme/generators exports runWebhookEventGenerator.",
      },
    );
  }
  const versions: Record<string, string> = { "@acme/clerk-sync": "workspace:*" };
  for (const name of Object.keys(VERSIONS)) versions[name] = "catalog:";
  try {
    return generators.runWebhookEventGenerator({
      appDir,
      groups: options.groups,
      provider: options.database,
      queue: options.queue,
      databaseUrl: options.databaseUrl,
      versions,
    });
  } catch (error) {
    // The kit's generators throw their own copy of the coded-error base: check the shape.
    if (!isCodedError(error)) throw error;
    throw new CreateError(
      "STEP_FAILED",
      `The webhook-event generator stopped: ${error.message} [${error.code}]`,
      { suggestion: error.suggestion, cause: error },
    );
  }
}

/**
 * Catalog entries for every dependency the kit's generators may add to an app (another database
 * or queue, later), at this scaffold's versions: the new repo's generators pin from its catalog.
 */
export async function generatorPins(kit: Kit): Promise<Record<string, string>> {
  const { PINNED_DEPENDENCIES = [] } = await kit.import<{
    PINNED_DEPENDENCIES?: readonly string[];
  }>("packages/generators/src/versions.ts");
  return Object.fromEntries(
    PINNED_DEPENDENCIES.filter(isPinned).map((name) => [name, VERSIONS[name]]),
  );
}

/** Warnings the generator raised about files it wrote, for the user to read. */
export function planWarnings(plan: WebhookEventPlan): string[] {
  return plan.changes.flatMap((change) =>
    change.warnings.map((warning) => `${change.path}: ${warning}`),
  );
}
