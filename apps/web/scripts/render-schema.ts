// Writes prisma/schema.prisma: the kit's generator output for every event group on SQLite.
// Run after the kit's model templates change, then add a migration (`pnpm db:migrate`).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EVENT_GROUP_NAMES } from "@acme/clerk-sync";
import { renderPrismaSchema } from "@acme/generators";

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(appDir, "prisma", "schema.prisma");

const schema = renderPrismaSchema({
  provider: "sqlite",
  groups: EVENT_GROUP_NAMES,
  output: "../src/generated/prisma",
});
fs.writeFileSync(target, schema);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
