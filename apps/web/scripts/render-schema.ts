// Writes prisma/schema.prisma: the kit's generator output for every event group on SQLite.
// Run after the kit's model templates change, then create a migration (`pnpm db:migrate`).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EVENT_GROUP_NAMES } from "@acme/clerk-sync";
import { renderPrismaSchema, TEMPLATES_DIR } from "@acme/generators";

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(appDir, "prisma", "schema.prisma");

const missing = EVENT_GROUP_NAMES.filter(
  (group) => !fs.existsSync(path.join(TEMPLATES_DIR, "prisma", "models", `${group}.prisma`)),
);
if (missing.length > 0) {
  console.warn(`No model template yet for: ${missing.join(", ")} (rendered without them).`);
}

const schema = renderPrismaSchema({
  provider: "sqlite",
  groups: EVENT_GROUP_NAMES.filter((group) => !missing.includes(group)),
  output: "../src/generated/prisma",
});
fs.writeFileSync(target, schema);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
