// Renders the committed schemas that are generator output: the library's test schemas (every
// group plus a test-only model) for both providers. Run after changing templates/prisma.
import fs from "node:fs";
import path from "node:path";
import { EVENT_GROUP_NAMES } from "@acme/clerk-sync";
import { LIBRARY_TEST_SCHEMAS } from "../src/prisma/committed-schemas";
import { renderPrismaSchema } from "../src/prisma/schema";

for (const target of LIBRARY_TEST_SCHEMAS) {
  const text = renderPrismaSchema({ ...target, groups: EVENT_GROUP_NAMES });
  fs.writeFileSync(target.file, text);
  console.log(`wrote ${path.relative(process.cwd(), target.file)}`);
}
