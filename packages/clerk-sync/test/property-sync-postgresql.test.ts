import { describe, inject } from "vitest";
import { describeSyncProperty } from "./support/sync-property.js";

// One file per provider, so that the two property runs use a core each.
if (inject("providers").includes("postgresql")) describeSyncProperty("postgresql");
else describe.skip("sync property on postgresql (not reachable)", () => {});
