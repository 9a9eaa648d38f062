import path from "node:path";
import { TEMPLATES_DIR } from "../templates-dir";
import type { DatabaseProvider } from "./schema";

const LIBRARY_TEST_DIR = path.join(TEMPLATES_DIR, "..", "packages", "clerk-sync", "test", "prisma");

/** Written by the test handlers of the library's own tests: one row per applied effect. */
const TEST_EFFECT_MODEL = `/// Written by the test handlers: one row per applied effect.
model TestEffect {
  id        Int      @id @default(autoincrement())
  eventId   String   @map("event_id")
  key       String
  createdAt DateTime @default(now()) @map("created_at")

  @@index([key])
  @@map("test_effects")
}`;

/** The library's test schemas: generator output for every group, plus the test-only model. */
export const LIBRARY_TEST_SCHEMAS: {
  provider: DatabaseProvider;
  file: string;
  output: string;
  extra: string;
}[] = (["sqlite", "postgresql"] as const).map((provider) => ({
  provider,
  file: path.join(LIBRARY_TEST_DIR, provider, "schema.prisma"),
  output: `../../generated/${provider}`,
  extra: TEST_EFFECT_MODEL,
}));
