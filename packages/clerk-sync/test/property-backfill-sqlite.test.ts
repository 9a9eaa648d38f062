import { describe, inject } from "vitest";
import { describeBackfillProperty } from "./support/backfill-property.js";

// One file per provider, so that the two property runs use a core each.
if (inject("providers").includes("sqlite")) describeBackfillProperty("sqlite");
else describe.skip("backfill property on sqlite (not reachable)", () => {});
