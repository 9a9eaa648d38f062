import { describe, inject } from "vitest";
import { describeBackfillProperty } from "./support/backfill-property.js";

// One file per provider, so that the two property runs use a core each.
if (inject("providers").includes("postgresql")) describeBackfillProperty("postgresql");
else describe.skip("backfill property on postgresql (not reachable)", () => {});
