import { CreateError } from "../errors.js";
import type { Kit } from "../kit.js";
import type { CreateOptions } from "../options/resolve.js";
import { VERSIONS } from "../versions.js";

/** What the generators package offers programmatically (the subset the scaffold uses). */
interface GeneratorsModule {
  runWebhookEventGenerator?: (options: {
    appDir: string;
    groups: readonly string[];
    provider: "sqlite" | "postgresql";
    queue: "inline" | "bullmq";
    databaseUrl?: string;
    versions?: Readonly<Record<string, string>>;
    dryRun?: boolean;
  }) => Promise<unknown>;
}

/**
 * Wire the new app exactly as `pnpm plop webhook-event` would: the same generator, run from the
 * kit's copy of it, over the kit's templates. Every dependency it adds refers to the new repo's
 * catalog (or, for the library, to the workspace), so versions still come from one map.
 */
export async function wireApp(kit: Kit, appDir: string, options: CreateOptions): Promise<unknown> {
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
  return generators.runWebhookEventGenerator({
    appDir,
    groups: options.groups,
    provider: options.database,
    queue: options.queue,
    databaseUrl: options.databaseUrl,
    versions,
  });
}
