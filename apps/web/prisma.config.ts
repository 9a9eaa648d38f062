import fs from "node:fs";
import { defineConfig } from "prisma/config";

// The Prisma CLI reads no .env file: load the app's as Next.js does (.env.local first, so it wins).
for (const file of [".env.local", ".env"]) {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./prisma/dev.db" },
});
